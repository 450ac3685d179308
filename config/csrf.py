"""The page of a form sent without a valid CSRF token: a 400 with one sentence, nothing stored."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CSRF_FAILURE_MESSAGE = (
    "The form was sent without its security token, so nothing was saved: reload the page and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # A missing or stale token is bad input like any other (issue 4): a 400, not Django's 403.
    return render(request, "csrf_failure.html", {"message": CSRF_FAILURE_MESSAGE}, status=400)
