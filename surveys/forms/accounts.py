from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.template import loader

from outbox.emails import email_publish_decoy, email_record, email_render
from surveys.forms.fields import EmailAddressField, LineField
from surveys.models import Membership
from surveys.services.organizations import ORGANIZATION_NAME_FIELD

# Says that the address is taken, as a sign-up must, but not by whom.
EMAIL_TAKEN_MESSAGE = "Another account already uses this address: log in with it, or reset its password."


class _NewAccountForm(UserCreationForm[User]):
    email = EmailAddressField(help_text="Used to reset your password and to reach you about reports.")

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"])
        # A second account on one address would make password resets reach both.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN_MESSAGE)
        return email


class SignupForm(_NewAccountForm):
    organization_name = LineField(
        field=ORGANIZATION_NAME_FIELD,
        label="Organization",
        help_text="Your company or department. You can invite colleagues later.",
    )


class JoinForm(_NewAccountForm):
    """Sign-up for someone invited into an existing organization: no organization of their own."""


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the e-mail sent through the outbox by the worker.

    The page says the same whether or not an account has the address; so that the time it
    takes does not tell either, an unknown address gets a stand-in account whose token and
    e-mail are made like a real one's and then dropped, and a delivery task is published
    for no e-mail (the broker round trip is most of the cost of queueing one).
    """

    def get_users(self, email: str) -> Iterable[User]:
        users = list(super().get_users(email))
        return users or [User(email=email)]

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = loader.render_to_string(subject_template_name, context)
        body = email_render(template=email_template_name, context=context)
        if context["user"].pk is None:
            email_publish_decoy()
        else:
            email_record(to=to_email, subject=subject, body=body)


class OrganizationInviteForm(forms.Form):
    email = EmailAddressField()
    role = forms.ChoiceField(
        choices=[(Membership.Role.LEAD, "Team lead"), (Membership.Role.VIEWER, "Viewer (executive)")]
    )
