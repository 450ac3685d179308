from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.template import loader

from outbox.emails import email_queue
from surveys.models import Membership


class SignupForm(UserCreationForm[User]):
    email = forms.EmailField(help_text="Used to reset your password and to reach you about reports.")
    organization_name = forms.CharField(
        max_length=200, label="Organization", help_text="Your company or department. You can invite colleagues later."
    )

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}


class JoinForm(UserCreationForm[User]):
    """Sign-up for someone invited into an existing organization: no organization of their own."""

    email = forms.EmailField()

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the e-mail sent through the outbox by the worker."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        email_queue(to=to_email, subject=subject, template=email_template_name, context=context)


class OrganizationInviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(
        choices=[(Membership.Role.LEAD, "Team lead"), (Membership.Role.VIEWER, "Viewer (executive)")]
    )
