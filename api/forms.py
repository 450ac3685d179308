from typing import Any

from django import forms
from django.db.models import QuerySet

from api.models import Webhook
from api.tokens import MAX_EXPIRY_DAYS
from surveys.models import Organization
from surveys.validators import MAX_LINE_LENGTH


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=MAX_LINE_LENGTH, help_text="What will use it, such as “quarterly CI job”.")
    expires_in_days = forms.IntegerField(
        label="Expires after (days)",
        required=False,
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        help_text="Leave empty for a token that works until you revoke it.",
    )


class WebhookForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), empty_label=None)
    url = forms.CharField(label="Receiver's address", max_length=500, help_text="https://… of your own tooling.")
    events = forms.MultipleChoiceField(choices=Webhook.Event.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        self.only = organizations.first() if organizations.count() == 1 else None
        # One organization needs no choice.
        if self.only is not None:
            field.widget = forms.HiddenInput()
            field.required = False

    def clean_organization(self) -> Organization | None:
        organization: Organization | None = self.cleaned_data.get("organization")
        return organization or self.only
