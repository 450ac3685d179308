from typing import Any

from django import forms

from surveys.forms.fields import LineField, ParagraphsField
from surveys.forms.invitations import InvitationPasteForm
from surveys.services.surveys import TITLE_FIELD
from surveys.services.teams import TEAM_DESCRIPTION_FIELD, TEAM_NAME_FIELD, TEAM_NAME_MESSAGE
from surveys.validators import MAX_DESCRIPTION_LENGTH


class TeamForm(forms.Form):
    name = LineField(field=TEAM_NAME_FIELD, error_messages={"required": TEAM_NAME_MESSAGE})
    description = ParagraphsField(field=TEAM_DESCRIPTION_FIELD, limit=MAX_DESCRIPTION_LENGTH, required=False)


class NextRoundForm(forms.Form):
    """The next round's title, and whether to invite again the addresses listed (editable)."""

    title = LineField(field=TITLE_FIELD)
    invite = forms.BooleanField(
        required=False,
        label="Invite these addresses to the new round now",
        help_text="Each gets a new personal link by e-mail. Leave unticked to invite later.",
    )
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        label="Addresses",
        help_text="The previous round's invited addresses, one “address, role” per line: add, remove or change any.",
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["rows"] = []
        if self.errors or not data.get("invite"):
            return data
        # The same reading of the lines as the invitations page, with the same messages.
        pasted = InvitationPasteForm({"lines": data.get("lines", ""), "role": ""}, roles=self.roles)
        if not pasted.is_valid():
            for errors in pasted.errors.values():
                self.add_error("lines", list(errors))
            return data
        data["rows"] = pasted.cleaned_data["rows"]
        return data
