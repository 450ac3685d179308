"""Structured logs: one JSON line per event, carrying the request id or the task id."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from celery.signals import task_postrun, task_prerun
from django.test import Client

from config.logging import REDACTED, REQUEST_ID_HEADER, JsonFormatter, RequestIdFilter, redact_secrets


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What LOG_FORMAT=json writes: the root logger's lines, captured through our formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def events(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_it_logs_a_request_as_one_json_line_with_the_request_id_of_the_response(
    json_lines: io.StringIO, db: None
) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    [event] = events(json_lines)
    assert event["logger"] == "django.request"
    assert event["level"] == "WARNING"
    assert event["request_id"] == response[REQUEST_ID_HEADER]
    assert len(response[REQUEST_ID_HEADER]) == 32


def test_it_forgets_the_request_id_once_the_response_is_closed(json_lines: io.StringIO, db: None) -> None:
    Client().get("/no-such-page/")
    logging.getLogger("faultline").warning("Outside any request.")
    assert events(json_lines)[-1]["request_id"] == "-"


def test_it_keeps_the_request_id_that_a_proxy_sent(db: None) -> None:
    response = Client().get("/healthz/live", headers={REQUEST_ID_HEADER: "lb-1234"})
    assert response[REQUEST_ID_HEADER] == "lb-1234"


def test_it_replaces_an_unprintable_request_id(db: None) -> None:
    response = Client().get("/healthz/live", headers={REQUEST_ID_HEADER: "x" * 65})
    assert response[REQUEST_ID_HEADER] != "x" * 65


def test_it_labels_a_task_s_lines_with_the_task_id(json_lines: io.StringIO) -> None:
    task_prerun.send(sender=None, task_id="3f1c-task", task=None, args=(), kwargs={})
    try:
        logging.getLogger("surveys.tasks").warning("Delivering e-mail %s.", 7)
    finally:
        task_postrun.send(sender=None, task_id="3f1c-task", task=None, args=(), kwargs={}, retval=None, state="SUCCESS")
    logging.getLogger("surveys.tasks").warning("Between tasks.")
    [in_task, after_task] = events(json_lines)
    assert in_task["request_id"] == "3f1c-task"
    assert in_task["message"] == "Delivering e-mail 7."
    assert after_task["request_id"] == "-"


def test_it_writes_structured_fields_as_keys_of_their_own(json_lines: io.StringIO) -> None:
    logging.getLogger("faultline").info("GET / 200", extra={"fields": {"status": 200, "message": "not this"}})
    [event] = events(json_lines)
    assert event["status"] == 200
    assert event["message"] == "GET / 200"


def test_it_includes_the_exception_of_an_error(json_lines: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("faultline").exception("It failed.")
    [event] = events(json_lines)
    assert "ValueError: boom" in str(event["exception"])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /s/AbC-123_xyz/", f"Not Found: /s/{REDACTED}/"),
        ("GET /s/AbC-123_xyz/page/2/ 200", f"GET /s/{REDACTED}/page/2/ 200"),
        ("GET /join/Tok3n/ 404", f"GET /join/{REDACTED}/ 404"),
        ("GET /reports/shared/1:abc:def/report.pdf", f"GET /reports/shared/{REDACTED}/report.pdf"),
        ("GET /surveys/12/ 200", "GET /surveys/12/ 200"),
    ],
)
def test_it_redacts_link_tokens_from_paths(line: str, expected: str) -> None:
    assert redact_secrets(line) == expected


def test_it_keeps_a_member_token_out_of_the_configured_logs(db: None) -> None:
    stream = io.StringIO()
    [console] = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    assert isinstance(console, logging.StreamHandler)
    original = console.setStream(stream)
    try:
        Client().get("/s/SuperSecretMemberToken0123456789/")
    finally:
        console.setStream(original)
    assert "Not Found" in stream.getvalue()
    assert "SuperSecretMemberToken0123456789" not in stream.getvalue()
