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
