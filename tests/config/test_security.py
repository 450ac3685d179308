"""Security headers and cookies with DEBUG off, and templates that a strict CSP can serve."""

import json
import re
import subprocess
import sys
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.conftest import PASSWORD
from tests.support.services import ROOT

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "q8Zr2nV5xL0pW3eT7yU1iO9aS4dF6gH2jK5lZ8xC3vB7nM1qW4eR",
    "RESPONDENT_KEY_SECRET": "Zt4mW8qP1xR6vN3bY7cK2jH9sD5fG0lA4eU8iO3nB6vM1qW7rT",
    "ALLOWED_HOSTS": "testserver",
    "SITE_URL": "https://testserver",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]
TEMPLATES_DIR = ROOT / "templates"
# What a strict CSP (script-src 'self'; style-src 'self') refuses to run in a browser.
INLINE_PATTERNS = {
    "an inline <script> (no src)": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle=[\"']", re.IGNORECASE),
    "an inline event handler": re.compile(r"\son[a-z]+=[\"']", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
}


@pytest.fixture(scope="module")
def production_security_settings() -> dict[str, Any]:
    """The security settings exactly as config/settings.py computes them with DEBUG=0."""
    names = json.dumps(SECURITY_SETTINGS)
    code = "import json; from django.conf import settings as s; "
    code += f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "VAR_DIR": str(ROOT / "var")}
    env |= PRODUCTION_ENV | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.fixture
def production(settings: SettingsWrapper, production_security_settings: dict[str, Any]) -> SettingsWrapper:
    for name, value in production_security_settings.items():
        setattr(settings, name, value)
    return settings


@pytest.mark.process
def test_it_redirects_plain_http_to_https(production: SettingsWrapper, db: None) -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.process
def test_it_sends_hsts_for_a_year_with_subdomains_and_preload(production: SettingsWrapper, db: None) -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.process
def test_it_sends_a_content_security_policy_without_inline_scripts_or_styles(
    production: SettingsWrapper, db: None
) -> None:
    policy = Client().get("/accounts/login/", secure=True)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.process
def test_it_forbids_framing(production: SettingsWrapper, db: None) -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.process
def test_it_sends_a_same_origin_referrer_policy_and_nosniff(production: SettingsWrapper, db: None) -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.process
def test_it_sets_the_csrf_cookie_secure(production: SettingsWrapper, db: None) -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.process
def test_it_sets_the_session_cookie_secure_and_http_only(production: SettingsWrapper, alice: User) -> None:
    response = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def inline_code_in(text: str) -> list[str]:
    return [what for what, pattern in INLINE_PATTERNS.items() if pattern.search(text)]


@pytest.mark.parametrize(
    "snippet",
    ["<script>x()</script>", '<p style="color: red">', '<a href="#" onclick="x()">', "<style>p {}</style>"],
)
def test_it_finds_each_kind_of_inline_code(snippet: str) -> None:
    assert inline_code_in(snippet)


def test_it_accepts_scripts_and_styles_loaded_from_files() -> None:
    assert not inline_code_in('<script src="/static/js/a.js"></script><link rel="stylesheet" href="/s.css">')


def test_it_keeps_every_template_free_of_inline_scripts_styles_and_handlers() -> None:
    templates = sorted(TEMPLATES_DIR.rglob("*.html"))
    assert templates
    offenders = [
        f"{template.relative_to(ROOT)}: {what}"
        for template in templates
        for what in inline_code_in(template.read_text(errors="replace"))
    ]
    assert not offenders, "Inline code that the CSP blocks:\n" + "\n".join(offenders)
