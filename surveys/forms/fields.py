"""Form fields that apply surveys/validators.py, so a form and a service refuse the same input."""

from functools import partial
from typing import Any

from django import forms

from surveys.validators import (
    MAX_EMAIL_LENGTH,
    MAX_LINE_LENGTH,
    validate_email_address,
    validate_line,
    validate_paragraphs,
)


class EmailAddressField(forms.EmailField):
    default_validators = [validate_email_address]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"maxlength": str(MAX_EMAIL_LENGTH)}


class LineField(forms.CharField):
    """One line of text, such as a title or a name."""

    def __init__(self, *, field: str, limit: int = MAX_LINE_LENGTH, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(**kwargs)
        self.validators.append(partial(validate_line, field=field, limit=limit))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"maxlength": str(self.limit)}


class ParagraphsField(forms.CharField):
    """Free text over several lines, such as a description."""

    def __init__(self, *, field: str, limit: int, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(widget=forms.Textarea(attrs={"rows": 3}), **kwargs)
        self.validators.append(partial(validate_paragraphs, field=field, limit=limit))

    def to_python(self, value: Any) -> str:
        # Browsers send a line break as CRLF but count it as one character against maxlength.
        return str(super().to_python(value)).replace("\r\n", "\n")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"maxlength": str(self.limit)}
