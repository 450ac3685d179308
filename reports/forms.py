from django import forms

from reports.sharing import SHARE_DAYS_DEFAULT, SHARE_DAYS_INVALID, SHARE_DAYS_MAX


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


class TeamShareForm(forms.Form):
    expires_on = forms.DateField(
        label="Last day the link works",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"required": "Choose the last day the link works.", "invalid": "Enter a date as YYYY-MM-DD."},
    )
