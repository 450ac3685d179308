"""What people may type: the length limits, and the checks every entry point applies.

Each limit is stated once, here: the models' columns, the forms, the services behind the
command line and the questionnaire page all take it from this module, and README's "Limits"
paragraph lists them. The checks raise ValidationError with one sentence, so a form shows it
under its field and a command prints it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from outbox.emails import is_control_character

# RFC 5321 caps a forward path at 256 octets, brackets included; Django's EmailField column is 254.
MAX_EMAIL_LENGTH = 254
# Titles, team and organization names: a line of a page, a PDF cover, an e-mail subject.
MAX_LINE_LENGTH = 200
# A survey's description: a paragraph or two that members read on the first page.
MAX_DESCRIPTION_LENGTH = 2000
# A lead's label of an invitation link ("printed for the offsite"): a cell of the links table.
MAX_LABEL_LENGTH = 100
# The lead's own words in an invitation e-mail.
MAX_INVITATION_MESSAGE_LENGTH = 1000
# A member's free-text answer, typed on the questionnaire or imported from a CSV cell.
MAX_ANSWER_LENGTH = 5000

EMAIL_INVALID_MESSAGE = "“{email}” is not a valid e-mail address."
EMAIL_TOO_LONG_MESSAGE = f"An e-mail address has at most {MAX_EMAIL_LENGTH} characters; “{{email}}” has {{length}}."
CONTROL_CHARACTER_MESSAGE = "{field} cannot contain line breaks, tabs or other control characters."
NULL_CHARACTER_MESSAGE = "{field} cannot contain a null character or other control characters."
TOO_LONG_MESSAGE = "{field} can be at most {limit:,} characters long; this one has {length:,}."

# What a paragraph may hold besides printable text.
_TEXT_WHITESPACE = frozenset({"\t", "\n", "\r"})


def shortened(value: str, *, limit: int = 40) -> str:
    """A value as typed, cut to a readable length for a one-sentence message."""
    return value if len(value) <= limit else f"{value[: limit - 3]}..."


def validate_email_address(value: str) -> None:
    """An address that both Django's syntax check and the 254-character column accept."""
    if len(value) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            EMAIL_TOO_LONG_MESSAGE.format(email=shortened(value), length=f"{len(value):,}"), code="max_length"
        )
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(EMAIL_INVALID_MESSAGE.format(email=shortened(value)), code="invalid") from None


def validate_line(value: str, *, field: str, limit: int = MAX_LINE_LENGTH) -> None:
    """A single line (a title, a name): no control character, at most `limit` characters.

    A line break in a title would reach e-mail subjects, where it makes every send fail.
    """
    if any(is_control_character(character) for character in value):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE.format(field=field), code="control_character")
    _validate_length(value, field=field, limit=limit)


def validate_paragraphs(value: str, *, field: str, limit: int) -> None:
    """Free text over several lines: tabs and line breaks, but no other control character.

    PostgreSQL cannot store a null character in a text or JSON column.
    """
    if any(is_control_character(character) and character not in _TEXT_WHITESPACE for character in value):
        raise ValidationError(NULL_CHARACTER_MESSAGE.format(field=field), code="control_character")
    _validate_length(value, field=field, limit=limit)


def _validate_length(value: str, *, field: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(TOO_LONG_MESSAGE.format(field=field, limit=limit, length=len(value)), code="max_length")
