"""Forms of the invitations page: pasted lines, a CSV upload, links without an address."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from surveys.csv_text import CsvReadError, csv_records
from surveys.services.invitations import MAX_INVITATIONS_AT_ONCE, MAX_LINKS_AT_ONCE
from surveys.validators import validate_email_address

MAX_CSV_BYTES = 1024 * 1024
CSV_HEADER = ["email", "role"]

NO_LINES_MESSAGE = "Paste at least one line: an address, or an address and a role separated by a comma."
TOO_MANY_LINES_MESSAGE = f"At most {MAX_INVITATIONS_AT_ONCE} invitations at once; split the list."
LINE_FIELDS_MESSAGE = "Line {line}: expected “address” or “address, role”, found {count} commas."
# A problem of one line: {problem} is a sentence of surveys/validators.py.
LINE_PROBLEM_MESSAGE = "Line {line}: {problem}"
LINE_ROLE_MESSAGE = "Line {line}: unknown role “{role}”; this survey includes: {roles}."
LINE_NO_ROLE_MESSAGE = "Line {line}: no role given; add “, role” to the line or choose a role for every line."
CSV_TOO_LARGE_MESSAGE = f"The file is larger than {MAX_CSV_BYTES // 1024} KB; split it and upload each part."
CSV_NOT_TEXT_MESSAGE = "The file is not UTF-8 text: save it as CSV (UTF-8) and try again."
CSV_HEADER_MESSAGE = "The first line must be the header “email,role”."
CSV_EMPTY_FILE_MESSAGE = "The file is empty: it needs the header line “email,role”, then one address per line."
CSV_EMPTY_MESSAGE = "The file has a header but no addresses."
CSV_ROW_MESSAGE = "Line {line}: expected two columns, an address and a role."
CSV_UNREADABLE_MESSAGE = "Line {line} could not be read as CSV: {reason}. Save the file as CSV and try again."
CSV_MISSING_MESSAGE = "Choose a CSV file to upload."
OPEN_LINK_NO_ROLES_MESSAGE = "Choose at least one role for the open link."


class InvitationPasteForm(forms.Form):
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Addresses",
        help_text="One per line: “address, role”, or just “address” with a role chosen below.",
        error_messages={"required": NO_LINES_MESSAGE},
    )
    role = forms.ChoiceField(label="Role for lines without one", required=False)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", "None: every line names its role"), *roles]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        lines = [(number, line.strip()) for number, line in enumerate(data["lines"].splitlines(), start=1)]
        lines = [(number, line) for number, line in lines if line]
        if not lines:
            raise ValidationError(NO_LINES_MESSAGE)
        if len(lines) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(TOO_MANY_LINES_MESSAGE)
        data["rows"] = [self._row(number, line.split(","), default_role=data.get("role", "")) for number, line in lines]
        return data

    def _row(self, number: int, fields: list[str], *, default_role: str) -> tuple[str, str]:
        if len(fields) > 2:
            raise ValidationError(LINE_FIELDS_MESSAGE.format(line=number, count=len(fields) - 1))
        email = fields[0].strip()
        role = fields[1].strip() if len(fields) == 2 else ""
        if not role and not default_role:
            raise ValidationError(LINE_NO_ROLE_MESSAGE.format(line=number))
        return row_checked(number, email, role or default_role, roles=self.roles)


class InvitationCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A header line “email,role”, then one address per line.",
        error_messages={"empty": CSV_EMPTY_FILE_MESSAGE, "required": CSV_MISSING_MESSAGE},
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles

    def clean_file(self) -> list[tuple[str, str]]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(CSV_TOO_LARGE_MESSAGE)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(CSV_NOT_TEXT_MESSAGE) from None
        try:
            records = csv_records(text)
        except CsvReadError as error:
            raise ValidationError(CSV_UNREADABLE_MESSAGE.format(line=error.row, reason=error.reason)) from None
        return self._rows(records)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The same name as the paste form's, so that one view handles both.
        if "file" in data:
            data["rows"] = data["file"]
        return data

    def _rows(self, records: list[tuple[int, list[str]]]) -> list[tuple[str, str]]:
        lines = iter(records)
        _number, header = next(lines, (1, []))
        if [field.strip().lower() for field in header] != CSV_HEADER:
            raise ValidationError(CSV_HEADER_MESSAGE)
        rows = []
        for number, fields in lines:
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != 2:
                raise ValidationError(CSV_ROW_MESSAGE.format(line=number))
            rows.append(row_checked(number, fields[0].strip(), fields[1].strip(), roles=self.roles))
            if len(rows) > MAX_INVITATIONS_AT_ONCE:
                raise ValidationError(TOO_MANY_LINES_MESSAGE)
        if not rows:
            raise ValidationError(CSV_EMPTY_MESSAGE)
        return rows


def row_checked(number: int, email: str, role: str, *, roles: list[tuple[str, str]]) -> tuple[str, str]:
    """An (address, role key) pair, or a ValidationError naming the line.

    A role is accepted by its key or its title, in any case, as leads type either.
    """
    try:
        validate_email_address(email)
    except ValidationError as error:
        raise ValidationError(LINE_PROBLEM_MESSAGE.format(line=number, problem=error.messages[0])) from None
    lookup = {name.lower(): key for key, title in roles for name in (key, title)}
    key = lookup.get(role.lower())
    if key is None:
        titles = ", ".join(f"{key} ({title})" for key, title in roles)
        raise ValidationError(LINE_ROLE_MESSAGE.format(line=number, role=role, roles=titles))
    return email, key


class InvitationLinksForm(forms.Form):
    role = forms.ChoiceField()
    count = forms.IntegerField(
        label="Number of links",
        min_value=1,
        max_value=MAX_LINKS_AT_ONCE,
        initial=1,
        help_text="Personal links without an address, to hand out yourself.",
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = roles


class OpenLinkForm(forms.Form):
    roles = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Roles the open link serves",
        help_text="A member opening a link that serves several roles chooses theirs.",
        error_messages={"required": OPEN_LINK_NO_ROLES_MESSAGE},
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["roles"]).choices = roles
