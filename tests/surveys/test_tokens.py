"""Secrets in links: the respondent key has a secret of its own, apart from SECRET_KEY."""

from pytest_django.fixtures import Settings as SettingsWrapper

from surveys.tokens import respondent_key, token_new


def test_the_respondent_key_survives_a_secret_key_rotation(settings: SettingsWrapper) -> None:
    token = token_new()
    before = respondent_key(token)
    settings.SECRET_KEY = "a new key of fifty random characters: 8f3KqZ0vL2xW7m"
    assert respondent_key(token) == before


def test_the_respondent_key_follows_its_own_secret(settings: SettingsWrapper) -> None:
    token = token_new()
    before = respondent_key(token)
    settings.RESPONDENT_KEY_SECRET = "another respondent secret of fifty characters: 9Qx"
    assert respondent_key(token) != before
