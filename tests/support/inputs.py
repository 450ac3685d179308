"""Bad input that the attack run found: text that passes one check and breaks a later one."""

from surveys.validators import EMAIL_TOO_LONG_MESSAGE, shortened


def long_address(length: int) -> str:
    """A valid address of `length` characters: Django's validate_email takes up to 320, a column 254."""
    domain = ".".join(["d" * 60] * 3) + ".example.com"
    return "a" * (length - len(domain) - 1) + "@" + domain


def too_long_address_message(address: str) -> str:
    return EMAIL_TOO_LONG_MESSAGE.format(email=shortened(address), length=f"{len(address):,}")
