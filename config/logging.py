"""Structured logs: one JSON object per line, carrying the request (or task) id."""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="-")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A proxy's id is kept when it looks sane, so that one request can be followed
        # from the load balancer to the worker.
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        value = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        request_id.set(value)
        try:
            response = self.get_response(request)
        except BaseException:
            request_id.set("-")
            raise
        response[REQUEST_ID_HEADER] = value
        return response


@receiver(request_finished)
def _forget_request_id(**_: object) -> None:
    # Django logs a 4xx or 5xx response ("Not Found: /x") after the middleware has
    # returned, so the id is cleared only when the response is closed.
    request_id.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # An id given explicitly (gunicorn's access line, read from the response) wins.
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# Paths whose last segment is a secret: a member's link, an organization invitation, a
# share link, a team's link to its results. With the server secret, a logged member token
# would tie an invitation (an e-mail address) to its answers, which the database alone never can.
SECRET_IN_PATH = re.compile(r"(/(?:s|t|join|reports/shared)/)[^/\s?\"']+")
REDACTED = "[redacted]"


# A member's pages: their access lines keep no client address (privacy.md, "The database does
# not say who answered what"), so that a log and the invitations cannot be put side by side.
# The team's view of its results (/t/) too: its one link names nobody, and no log line should
# tell from where each member opened it.
MEMBER_PATH = re.compile(r"^/[st]/")
# Request headers that carry a client's address when a proxy forwards it.
ADDRESS_HEADERS = frozenset({"x-forwarded-for", "x-real-ip", "forwarded", "true-client-ip", "cf-connecting-ip"})


def is_member_path(path: str) -> bool:
    return bool(MEMBER_PATH.match(path))


def redact_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(rf"\1{REDACTED}", text)


class SecretRedactingFilter(logging.Filter):
    """Keeps link tokens out of every log line: Django's, gunicorn's and our own."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict) and isinstance(fields.get("path"), str):
            fields["path"] = redact_secrets(fields["path"])
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        # Structured details given as extra={"fields": {...}} become keys of their own.
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            event.update({key: value for key, value in fields.items() if key not in event})
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, default=str)
