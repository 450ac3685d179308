from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from surveys.forms.fields import LineField, ParagraphsField
from surveys.models import BankRole, Organization
from surveys.models.surveys import MAX_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD
from surveys.services.reminders import REMINDER_DAY_CHOICES, REMINDER_DAYS_MESSAGE, REMINDERS_NEED_CLOSING_DATE_MESSAGE
from surveys.services.survey_editing import SETTINGS_LOCKED_MESSAGE
from surveys.services.surveys import DESCRIPTION_FIELD, NO_ROLES_MESSAGE, TEAM_FIELD, THRESHOLD_MESSAGE, TITLE_FIELD
from surveys.validators import MAX_DESCRIPTION_LENGTH

MAX_IMPORT_BYTES = 2 * 1024 * 1024
IMPORT_TOO_LARGE_MESSAGE = (
    f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it and import each part."
)
DELETE_REQUIRED_MESSAGE = "Type the survey's title to confirm that it should be deleted."
IMPORT_NOT_TEXT_MESSAGE = "The file is not UTF-8 text: save it as CSV (UTF-8) and try again."


class DateInput(forms.DateInput):
    input_type = "date"


class SurveyCreateForm(forms.Form):
    title = LineField(field=TITLE_FIELD)
    team = LineField(field=TEAM_FIELD, required=False, label="Team or project")
    description = ParagraphsField(
        field=DESCRIPTION_FIELD,
        limit=MAX_DESCRIPTION_LENGTH,
        required=False,
        help_text=f"Members read this on the first page: what the survey is for (at most {MAX_DESCRIPTION_LENGTH:,} "
        "characters).",
    )
    closes_on = forms.DateField(
        widget=DateInput, required=False, label="Closing date", help_text="The survey closes at the end of this day."
    )
    roles = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Roles included",
        error_messages={"required": NO_ROLES_MESSAGE},
    )
    anonymity_threshold = forms.IntegerField(
        min_value=MIN_ANONYMITY_THRESHOLD,
        max_value=MAX_ANONYMITY_THRESHOLD,
        initial=MIN_ANONYMITY_THRESHOLD,
        help_text="A role's answers are shown only once at least this many of its members have submitted.",
        error_messages={
            "required": THRESHOLD_MESSAGE,
            "invalid": THRESHOLD_MESSAGE,
            "min_value": THRESHOLD_MESSAGE,
            "max_value": THRESHOLD_MESSAGE,
        },
    )
    reminder_days = forms.TypedMultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        coerce=int,
        choices=[(day, f"{day} day{'s' if day > 1 else ''} before closing") for day in REMINDER_DAY_CHOICES],
        required=False,
        label="Scheduled reminders",
        help_text="Optional, with a closing date: sent in the morning of each day chosen to e-mailed members "
        "who have not submitted (3 and 1 days before suit most surveys).",
        error_messages={"invalid_choice": REMINDER_DAYS_MESSAGE},
    )
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), empty_label=None)

    def __init__(self, *args: Any, roles: QuerySet[BankRole], organizations: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(role.key, f"{role.title}: {role.description}") for role in roles]
        cast(forms.ChoiceField, self.fields["roles"]).choices = choices
        self.fields["roles"].initial = [key for key, _label in choices]
        cast("forms.ModelChoiceField[Organization]", self.fields["organization"]).queryset = organizations
        # A lead of a single organization has nothing to choose.
        if len(organizations) < 2:
            del self.fields["organization"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reminder_days") and not data.get("closes_on") and "closes_on" not in self.errors:
            self.add_error("reminder_days", REMINDERS_NEED_CLOSING_DATE_MESSAGE)
        return data


class SurveyEditForm(SurveyCreateForm):
    """The creation form without the organization; roles and threshold shown but fixed once locked."""

    def __init__(self, *args: Any, roles: QuerySet[BankRole], locked: bool, **kwargs: Any) -> None:
        super().__init__(*args, roles=roles, organizations=Organization.objects.none(), **kwargs)
        if locked:
            for name in ("roles", "anonymity_threshold"):
                self.fields[name].disabled = True
                self.fields[name].help_text = SETTINGS_LOCKED_MESSAGE


class SurveyDuplicateForm(forms.Form):
    title = LineField(field=TITLE_FIELD)
    team = LineField(
        field=TEAM_FIELD,
        required=False,
        label="Team or project",
        help_text="The copy becomes this team's next round: the same team, or another (a new name makes a new team).",
    )
    closes_on = forms.DateField(
        widget=DateInput, required=False, label="Closing date", help_text="The copy closes at the end of this day."
    )


class SurveyDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label="Type the survey's title to confirm", strip=True, error_messages={"required": DELETE_REQUIRED_MESSAGE}
    )


class SurveyReopenForm(forms.Form):
    closes_on = forms.DateField(
        widget=DateInput,
        required=False,
        label="New closing date",
        help_text="Optional. A closing date already passed is cleared.",
    )


class ResponseImportForm(forms.Form):
    file = forms.FileField(
        label="Responses (CSV)",
        help_text="A header row with “role” and the question keys, then one row per respondent.",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(IMPORT_TOO_LARGE_MESSAGE)
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(IMPORT_NOT_TEXT_MESSAGE) from None
