"""Every API error as RFC 9457 problem details (application/problem+json), never an HTML page.

Services raise Django's ValidationError with the sentence the browser shows; here it becomes
a 400 with the same sentence, so that a script reads what a lead would have read.
"""

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://faultline.example/problems/"
NOT_FOUND_DETAIL = "Nothing here: the address is wrong, or it names something your token cannot read."
INVALID_INPUT_TITLE = "Your request has invalid input."


def problem(*, status_code: int, title: str, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{status_code}",
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST framework's EXCEPTION_HANDLER: DRF's own errors and the services' ValidationError."""
    if isinstance(exc, DjangoValidationError):
        # A service that checks every field at once says which field each message is about.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_DETAIL)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = _problem_of(exc, response.status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _problem_of(exc: exceptions.APIException, status_code: int) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        return problem(status_code=status_code, title=INVALID_INPUT_TITLE, detail=_first(errors), errors=errors)
    return problem(status_code=status_code, title=_title(status_code), detail=str(exc.detail))


def _first(errors: Any) -> str:
    """The first message of a nested error structure: the sentence to show when only one fits."""
    if isinstance(errors, dict):
        for value in errors.values():
            return _first(value)
    if isinstance(errors, list) and errors:
        return _first(errors[0])
    return str(errors) if errors else INVALID_INPUT_TITLE


def _title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Any address under /api/ that names no endpoint."""
    body = problem(status_code=404, title="Not Found", detail=NOT_FOUND_DETAIL)
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
