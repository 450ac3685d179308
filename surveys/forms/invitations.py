"""Forms of the invitations page: pasted lines, a CSV upload, links without an address."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from surveys.csv_text import CsvReadError, csv_records
from surveys.forms.fields import LineField, ParagraphsField
from surveys.services.invitations import LABEL_FIELD, MAX_INVITATIONS_AT_ONCE, MAX_LINKS_AT_ONCE, MESSAGE_FIELD
from surveys.validators import MAX_INVITATION_MESSAGE_LENGTH, MAX_LABEL_LENGTH, validate_email_address

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
LINE_REPEATED_MESSAGE = "Line {line}: “{email}” is already on line {first}."
OPEN_LINK_NO_ROLES_MESSAGE = "Choose at least one role for the open link."


def label_field() -> LineField:
    return LineField(
        field=LABEL_FIELD,
        limit=MAX_LABEL_LENGTH,
        required=False,
        label="Label (optional)",
        help_text="Your note to tell these links apart in the list, such as “printed for the offsite”. "
        "Members never see it.",
    )


def message_field() -> ParagraphsField:
    return ParagraphsField(
        field=MESSAGE_FIELD,
        limit=MAX_INVITATION_MESSAGE_LENGTH,
        required=False,
        label="Your message (optional)",
        help_text=f"Added to the invitation e-mail as plain text, under your survey's title (at most "
        f"{MAX_INVITATION_MESSAGE_LENGTH:,} characters).",
    )


class RowsCollector:
    """Checks each line of a list, collecting every problem by line instead of stopping at the first."""

    def __init__(self, roles: list[tuple[str, str]]) -> None:
        self.roles = roles
        self.rows: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.first_line: dict[str, int] = {}

    def add(self, number: int, email: str, role: str) -> None:
        try:
            row = row_checked(number, email, role, roles=self.roles)
        except ValidationError as error:
            self.errors += error.messages
            return
        first = self.first_line.setdefault(email.lower(), number)
        if first != number:
            self.errors.append(LINE_REPEATED_MESSAGE.format(line=number, email=email, first=first))
            return
        self.rows.append(row)

    def result(self) -> list[tuple[str, str]]:
        if self.errors:
            raise ValidationError(self.errors)
        return self.rows


class InvitationPasteForm(forms.Form):
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Addresses",
        help_text="One per line: “address, role”, or just “address” with a role chosen below.",
        error_messages={"required": NO_LINES_MESSAGE},
    )
    role = forms.ChoiceField(label="Role for lines without one", required=False)
    message = message_field()
    label = label_field()

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
        collector = RowsCollector(self.roles)
        default_role = data.get("role", "")
        for number, line in lines:
            fields = line.split(",")
            role = fields[1].strip() if len(fields) == 2 else ""
            if len(fields) > 2:
                collector.errors.append(LINE_FIELDS_MESSAGE.format(line=number, count=len(fields) - 1))
            elif not role and not default_role:
                collector.errors.append(LINE_NO_ROLE_MESSAGE.format(line=number))
            else:
                collector.add(number, fields[0].strip(), role or default_role)
        data["rows"] = collector.result()
        return data


class InvitationCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A header line “email,role”, then one address per line.",
        error_messages={"empty": CSV_EMPTY_FILE_MESSAGE, "required": CSV_MISSING_MESSAGE},
    )
    message = message_field()
    label = label_field()

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
        collector = RowsCollector(self.roles)
        lines_read = 0
        for number, fields in lines:
            if not any(field.strip() for field in fields):
                continue
            lines_read += 1
            if lines_read > MAX_INVITATIONS_AT_ONCE:
                raise ValidationError(TOO_MANY_LINES_MESSAGE)
            if len(fields) != 2:
                collector.errors.append(CSV_ROW_MESSAGE.format(line=number))
            else:
                collector.add(number, fields[0].strip(), fields[1].strip())
        if not lines_read:
            raise ValidationError(CSV_EMPTY_MESSAGE)
        return collector.result()


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
    label = label_field()

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
    label = label_field()

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["roles"]).choices = roles
