import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def fast_passwords(settings: Settings) -> None:
    """MD5 password hashes, for modules that create the cast hundreds of times.

    A real hash costs a few hundred milliseconds per user, which no test here is about.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
