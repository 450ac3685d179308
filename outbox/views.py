"""The development e-mail page: the outbox with its links, for staff, and only while DEBUG is on.

A newcomer running the product locally follows an invitation from here: the worker's console
output has its links redacted (config/logging.py), and production keeps no delivered body.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from outbox.models import OutgoingEmail

# The newest e-mails only: a development database may hold thousands.
SHOWN_EMAILS = 50


def _debug_only() -> None:
    if not settings.DEBUG:
        raise Http404


def development_emails(request: HttpRequest) -> HttpResponse:
    # The check comes before login: with DEBUG off the page does not exist for anyone.
    _debug_only()
    return _development_emails(request)


@login_required
def _development_emails(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise Http404
    emails = OutgoingEmail.objects.order_by("-created_at", "-id")[:SHOWN_EMAILS]
    context = {"emails": emails, "bodies_kept": settings.OUTBOX_KEEP_DELIVERED_BODIES}
    return render(request, "outbox/development_emails.html", context)
