import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from config import settings as settings_module
from config.env import env_bool, env_int, env_list, env_url
from tests.support.services import ROOT


def test_it_reads_booleans_in_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_it_names_the_variable_of_a_bad_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        env_bool("DEBUG", True)


def test_it_names_the_variable_of_a_bad_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 25)


def test_it_rejects_a_number_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be at least 1"):
        env_int("EMAIL_PORT", 25, minimum=1)


def test_it_splits_lists_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com, www.example.com,")
    assert env_list("ALLOWED_HOSTS", []) == ["example.com", "www.example.com"]


def test_it_rejects_a_url_of_the_wrong_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/faultline")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a URL starting with"):
        env_url("DATABASE_URL", "sqlite:///x", schemes=("sqlite", "postgres"))


SECRET = "q8Zr2nV5xL0pW3eT7yU1iO9aS4dF6gH2jK5lZ8xC3vB7nM1qW4eR"
RESPONDENT_SECRET = "Zt4mW8qP1xR6vN3bY7cK2jH9sD5fG0lA4eU8iO3nB6vM1qW7rT"


def run_check(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "VAR_DIR": str(ROOT / "var")}
    command = [sys.executable, "manage.py", "check", *args]
    return subprocess.run(command, cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=60)


@pytest.mark.process
def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.process
def test_it_refuses_a_short_secret_key_when_debug_is_off() -> None:
    result = run_check(DEBUG="0", SECRET_KEY="short", ALLOWED_HOSTS="example.com")
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


@pytest.mark.process
def test_it_refuses_to_start_without_a_respondent_key_secret_when_debug_is_off() -> None:
    result = run_check(DEBUG="0", SECRET_KEY=SECRET, ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "RESPONDENT_KEY_SECRET must be set when DEBUG is off" in result.stderr


@pytest.mark.process
def test_it_refuses_a_short_secret_key_fallback_when_debug_is_off() -> None:
    result = run_check(
        DEBUG="0",
        SECRET_KEY=SECRET,
        SECRET_KEY_FALLBACKS="short",
        RESPONDENT_KEY_SECRET=RESPONDENT_SECRET,
        ALLOWED_HOSTS="example.com",
    )
    assert "SECRET_KEY_FALLBACKS must be at least 50 random characters" in result.stderr


@pytest.mark.process
def test_it_fails_at_start_naming_a_bad_variable() -> None:
    result = run_check(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.process
def test_it_passes_the_deployment_checklist_in_production() -> None:
    result = run_check(
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=SECRET,
        RESPONDENT_KEY_SECRET=RESPONDENT_SECRET,
        ALLOWED_HOSTS="example.com",
        SITE_URL="https://example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_runs_sqlite_with_wal_immediate_transactions_and_a_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_db_blocker: Any
) -> None:
    # Built from the real settings code, on a file of its own, so that the PostgreSQL run
    # checks the SQLite configuration as well.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    connections = ConnectionHandler(settings_module._databases())
    connection = connections["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # Set by SQLite's DatabaseWrapper, unknown to the stubs of the generic one.
        assert vars(connection)["transaction_mode"] == "IMMEDIATE"
    finally:
        connection.close()


def test_it_hashes_passwords_in_tests_with_the_fast_hasher_and_keeps_the_default_for_production(alice: User) -> None:
    assert alice.password.startswith("md5$")
    production = getattr(settings_module, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert production[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.mark.process
def test_it_refuses_to_keep_delivered_email_bodies_when_debug_is_off() -> None:
    result = run_check(
        DEBUG="0",
        SECRET_KEY=SECRET,
        RESPONDENT_KEY_SECRET=RESPONDENT_SECRET,
        ALLOWED_HOSTS="example.com",
        OUTBOX_KEEP_DELIVERED_BODIES="1",
    )
    assert result.returncode != 0
    assert "OUTBOX_KEEP_DELIVERED_BODIES can be on only with DEBUG" in result.stderr
