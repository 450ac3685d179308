from collections.abc import Sequence
from typing import Any, cast

from django import forms

from reports.action_services import (
    DUE_DATE_MESSAGE,
    MODE_UNKNOWN_MESSAGE,
    NOTE_FIELD,
    OWNER_NAME_FIELD,
    OWNER_REQUIRED_MESSAGE,
    STATUS_UNKNOWN_MESSAGE,
    WHAT_FIELD,
    WHAT_REQUIRED_MESSAGE,
)
from reports.models import Action
from reports.selectors import ModeInfo
from reports.sharing import SHARE_DAYS_DEFAULT, SHARE_DAYS_INVALID, SHARE_DAYS_MAX
from surveys.forms.fields import EmailAddressField, LineField, ParagraphsField
from surveys.forms.surveys import DateInput
from surveys.validators import MAX_DESCRIPTION_LENGTH, shortened


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label="Days the link lasts",
        min_value=1,
        max_value=SHARE_DAYS_MAX,
        initial=SHARE_DAYS_DEFAULT,
        error_messages={
            "required": SHARE_DAYS_INVALID,
            "invalid": SHARE_DAYS_INVALID,
            "min_value": SHARE_DAYS_INVALID,
            "max_value": SHARE_DAYS_INVALID,
        },
    )


class KnownChoiceField(forms.ChoiceField):
    """A choice refused with the service's own sentence, naming the value sent (cut short)."""

    def __init__(self, *, unknown: str, **kwargs: Any) -> None:
        self.unknown = unknown
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise forms.ValidationError(self.unknown.format(value=shortened(str(value))), code="invalid_choice")
        super().validate(value)


class ActionForm(forms.Form):
    """An action on a failure mode; reports.action_services checks the same and more (the due date)."""

    mode = KnownChoiceField(label="Failure mode", unknown=MODE_UNKNOWN_MESSAGE)
    what = LineField(
        field=WHAT_FIELD, label="What the team will do", error_messages={"required": WHAT_REQUIRED_MESSAGE}
    )
    owner_name = LineField(
        field=OWNER_NAME_FIELD, label="Owner's name", error_messages={"required": OWNER_REQUIRED_MESSAGE}
    )
    owner_email = EmailAddressField(
        required=False,
        label="Owner's e-mail address (optional)",
        help_text="The owner gets an e-mail on the due date, unless the action is done or dropped by then.",
    )
    due_on = forms.DateField(
        widget=DateInput, label="Due date", error_messages={"required": DUE_DATE_MESSAGE, "invalid": DUE_DATE_MESSAGE}
    )
    note = ParagraphsField(field=NOTE_FIELD, limit=MAX_DESCRIPTION_LENGTH, required=False, label="Note (optional)")

    def __init__(self, *args: Any, modes: Sequence[ModeInfo], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mode"]).choices = [(mode.key, mode.title) for mode in modes]


class ActionEditForm(ActionForm):
    status = KnownChoiceField(choices=Action.Status.choices, label="Status", unknown=STATUS_UNKNOWN_MESSAGE)


class TeamShareForm(forms.Form):
    expires_on = forms.DateField(
        label="Last day the link works",
        widget=DateInput(attrs={"class": "form-control"}),
        error_messages={"required": "Choose the last day the link works.", "invalid": "Enter a date as YYYY-MM-DD."},
    )
