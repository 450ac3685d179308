"""The members of bench/member_path.py: a browser without JavaScript, one loopback address each."""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO = re.compile(r'<input[^>]*type="radio"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
DONT_KNOW = "dk"
TIMEOUT = 30.0  # seconds
MAX_PAGES = 20
PAGE_FORM = re.compile(r'<form method="post" action="([^"]+)" data-page-form="\d+"(.*?)</form>', re.DOTALL)
BACKGROUND_SAVE = {"X-Faultline-Background-Save": "1", "Accept": "application/json"}


@dataclass
class Recorder:
    """Every request's time, type and phase; thread-safe, shared by one system's members."""

    phase: str = "sequential"
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[str, str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples.append((self.phase, kind, seconds))

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def by_kind(self, phase: str) -> dict[str, list[float]]:
        kinds: dict[str, list[float]] = {}
        for sample_phase, kind, seconds in self.samples:
            if sample_phase == phase:
                kinds.setdefault(kind, []).append(seconds)
        return kinds

    def worst(self, phase: str) -> tuple[float, str]:
        found = [(seconds, kind) for sample_phase, kind, seconds in self.samples if sample_phase == phase]
        return max(found, default=(0.0, "-"))


@dataclass
class Member:
    base_url: str
    source_address: str
    recorder: Recorder
    cookies: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    queries: int = 0
    seconds: float = 0.0

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        *,
        kind: str = "",
        extra: dict[str, str] | None = None,
    ) -> tuple[int, str, str]:
        parts = urlsplit(self.base_url)
        origin = f"https://{parts.netloc}"
        # Both systems sit behind the same pretend TLS proxy.
        headers = {"Host": parts.netloc, "X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        headers |= extra or {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urlencode(data).encode() if data is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=TIMEOUT, source_address=(self.source_address, 0)
        )
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        if kind:
            self.recorder.add(kind, seconds)
            self.requests += 1
            self.seconds += seconds
            self.queries += int(response.headers.get("X-Bench-Queries", "0"))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, urlsplit(response.headers.get("Location", "")).path, text

    def expect(
        self,
        status: int,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        *,
        kind: str,
        extra: dict[str, str] | None = None,
    ) -> tuple[str, str]:
        got, location, text = self.request(method, path, data, kind=kind, extra=extra)
        if got != status:
            raise RuntimeError(f"{kind}: {method} answered {got}, not {status}")
        return location, text


def answers(html: str) -> dict[str, str]:
    """One of the five points for every question of the page (never Faultline's "Don't know")."""
    choices: dict[str, list[str]] = {}
    for name, value in RADIO.findall(html):
        if value != DONT_KNOW:
            choices.setdefault(name, []).append(value)
    return {name: random.choice(values) for name, values in choices.items()}


def csrf(html: str) -> dict[str, str]:
    found = CSRF_FIELD.search(html)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return {"csrfmiddlewaretoken": found.group(1)}


def faultline_member_with_javascript(member: Member, token: str) -> tuple[float, int, int, int]:
    """What static/js/questionnaire.js makes a browser do: intro, the one document, a background
    save of each page, then the last page's ordinary submit and the thank-you page."""
    answered = 0
    try:
        member.expect(200, "GET", f"/s/{token}/", kind="intro")
        _location, html = member.expect(200, "GET", f"/s/{token}/all/", kind="document")
        forms = PAGE_FORM.findall(html)
        if not forms:
            raise RuntimeError("no page form in the document")
        token_field = csrf(html)
        for action, form in forms[:-1]:
            given = answers(form)
            answered += len(given)
            data = given | token_field | {"action": "next"}
            member.expect(200, "POST", action, data, kind="save", extra=BACKGROUND_SAVE)
        action, form = forms[-1]
        given = answers(form)
        answered += len(given)
        location, _html = member.expect(302, "POST", action, given | token_field | {"action": "submit"}, kind="submit")
        member.expect(200, "GET", location, kind="done")
    except Exception as error:  # Every failure is counted and shown.
        member.recorder.fail(f"Faultline member: {error}")
    return member.seconds, max(answered, 1), member.requests, member.queries


def faultline_member(member: Member, token: str) -> tuple[float, int, int, int]:
    """Without JavaScript: intro, each page read and saved with "Save and continue", submit, thank-you page."""
    answered = 0
    try:
        member.expect(200, "GET", f"/s/{token}/", kind="intro")
        path = f"/s/{token}/page/1/"
        for _ in range(MAX_PAGES):
            _location, html = member.expect(200, "GET", path, kind="page")
            given = answers(html)
            answered += len(given)
            if 'name="action" value="submit"' in html:
                location, _html = member.expect(
                    302, "POST", path, given | csrf(html) | {"action": "submit"}, kind="submit"
                )
                member.expect(200, "GET", location, kind="done")
                break
            path, _html = member.expect(302, "POST", path, given | csrf(html) | {"action": "next"}, kind="save")
        else:
            raise RuntimeError("no last page")
    except Exception as error:  # Every failure is counted and shown.
        member.recorder.fail(f"Faultline member: {error}")
    return member.seconds, max(answered, 1), member.requests, member.queries


def peer_member(member: Member, survey: int) -> tuple[float, int, int, int]:
    """The one page of 39 questions, submit, confirmation page."""
    answered = 0
    try:
        _location, html = member.expect(200, "GET", f"/survey/{survey}/", kind="form")
        given = answers(html)
        answered = len(given)
        location, _html = member.expect(302, "POST", f"/survey/{survey}/", given | csrf(html), kind="submit")
        member.expect(200, "GET", location, kind="confirm")
    except Exception as error:  # Every failure is counted and shown.
        member.recorder.fail(f"peer member: {error}")
    return member.seconds, max(answered, 1), member.requests, member.queries
