"""The error summary of a page: every error of its forms, each linked to its field (issue 13).

A screen reader user learns of errors only if they are announced: base.html puts this summary
at the top of the page, focuses it on load, and starts the page's title with "Error: ". It
reads the forms from the template's context, so every form page gets it without asking.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.messages import constants as message_levels
from django.forms import BaseForm, BaseFormSet

ERROR_TITLE_PREFIX = "Error: "
ERROR_SUMMARY_HEADING = "There is a problem"


@dataclass(frozen=True)
class ErrorItem:
    message: str
    # The id of the control to move to; empty for an error of the whole form or page.
    anchor: str = ""


def _field_anchor(form: BaseForm, name: str) -> str:
    field = form[name]
    if field.is_hidden:
        return ""
    # Radio buttons and check boxes have no single label target: link to the first choice.
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id or ""


def _first_field_anchor(form: BaseForm) -> str:
    visible = form.visible_fields()
    return _field_anchor(form, visible[0].name) if visible else ""


def form_error_items(form: BaseForm) -> list[ErrorItem]:
    # An error of the whole form (a wrong password, a refused list) links to where to start again.
    items = [ErrorItem(str(error), _first_field_anchor(form)) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form[name].label
        anchor = _field_anchor(form, name)
        items += [ErrorItem(f"{label}: {error}" if label else str(error), anchor) for error in errors]
    return items


def _forms_in(values: Iterable[object]) -> list[BaseForm]:
    forms: dict[int, BaseForm] = {}
    for value in values:
        if isinstance(value, BaseForm):
            forms.setdefault(id(value), value)
        elif isinstance(value, BaseFormSet) and value.is_bound:
            forms |= {id(form): form for form in value.forms}
    return [form for form in forms.values() if form.is_bound and form.errors]


def page_error_items(*, values: Iterable[object], messages: Iterable[object] = ()) -> list[ErrorItem]:
    """The errors a page shows: those of its bound forms, then error messages of a redirect."""
    items = [item for form in _forms_in(values) for item in form_error_items(form)]
    items += [ErrorItem(str(message)) for message in messages if _is_error(message)]
    return items


def _is_error(message: object) -> bool:
    return getattr(message, "level", None) == message_levels.ERROR
