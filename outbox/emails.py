"""E-mail through a database outbox: recorded in the request, sent by the worker.

A delivered e-mail keeps no body (privacy.md, "The database does not say who answered what"):
bodies carry link tokens (a member's personal link, an organization join link, a password
reset link), and a token read from a database copy leads from an address to its answers. The
body is needed only until delivery succeeds; the row stays, so that delivery is recorded.
Development alone keeps bodies (OUTBOX_KEEP_DELIVERED_BODIES, refused unless DEBUG is on), for
the development e-mail page.
"""

import logging
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_SUBJECT_LENGTH = OutgoingEmail._meta.get_field("subject").max_length or 300
# No e-mail has this id (ids start at 1): a delivery task for it finds nothing to send.
NO_EMAIL_ID = 0
# Line and paragraph separators are not control characters, but str.splitlines() and mail
# headers break on them all the same.
_LINE_BREAKS = frozenset({"\u2028", "\u2029"})
# What a delivered e-mail's body is replaced with: nothing of it, tokens least of all.
DELIVERED_BODY = ""


def is_control_character(character: str) -> bool:
    """C0 and C1 controls (NUL, CR, LF, tab, DEL, ...), and the Unicode line separators.

    The one rule for what may not stand in a line: surveys/validators.py refuses these in
    titles and names, and e-mail subjects replace them.
    """
    return unicodedata.category(character) == "Cc" or character in _LINE_BREAKS


def email_subject(text: str) -> str:
    """A subject that every mail backend accepts, whatever a title or a name holds.

    Django refuses a header with a line break (BadHeaderError), and the worker would retry
    such an e-mail until it gave up: every control character becomes a space instead, runs
    of spaces become one, and the subject is cut to its column's length.
    """
    cleaned = "".join(" " if is_control_character(character) else character for character in text)
    return " ".join(cleaned.split())[:MAX_SUBJECT_LENGTH]


def email_render(*, template: str, context: dict[str, object]) -> str:
    return render_to_string(template, {**context, "site_url": settings.SITE_URL})


def email_record(*, to: str, subject: str, body: str) -> OutgoingEmail:
    """Record a rendered e-mail in the outbox; the worker sends it after the commit."""
    from outbox.publishing import publish_on_commit
    from outbox.tasks import email_deliver_task

    email = OutgoingEmail.objects.create(to=to, subject=email_subject(subject), body=body)
    publish_on_commit(email_deliver_task, email.pk, then=lambda: email_mark_published(email_id=email.pk))
    return email


def email_publish_decoy() -> None:
    """The publishing work of email_record, for no e-mail: the worker finds nothing to send.

    For a request that must take as long whether or not it records an e-mail (a password
    reset for an unknown address): publishing to the broker is most of email_record's time.
    """
    from outbox.publishing import publish_on_commit
    from outbox.tasks import email_deliver_task

    publish_on_commit(email_deliver_task, NO_EMAIL_ID, then=lambda: email_mark_published(email_id=NO_EMAIL_ID))


def email_queue(*, to: str, subject: str, template: str, context: dict[str, object]) -> OutgoingEmail:
    return email_record(to=to, subject=subject, body=email_render(template=template, context=context))


def email_mark_published(*, email_id: int) -> None:
    OutgoingEmail.objects.filter(pk=email_id).update(published_at=timezone.now())


def email_claim(*, email_id: int) -> bool:
    """Take an unsent e-mail for one delivery attempt; False when it is sent or being sent."""
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    claimed = OutgoingEmail.objects.filter(unclaimed, pk=email_id, sent_at__isnull=True).update(
        claimed_at=timezone.now()
    )
    return claimed == 1


def email_deliver(*, email_id: int) -> None:
    """Send one recorded e-mail. Raises on a transport error, after releasing the claim."""
    if not email_claim(email_id=email_id):
        return
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        # Cleaned again: an e-mail recorded before subjects were cleaned must still go out.
        send_mail(email_subject(email.subject), email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:
        OutgoingEmail.objects.filter(pk=email_id).update(
            claimed_at=None, attempts=email.attempts + 1, last_error=str(error)[:1000]
        )
        raise
    kept = email.body if settings.OUTBOX_KEEP_DELIVERED_BODIES else DELIVERED_BODY
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), attempts=email.attempts + 1, body=kept)


def email_pending_ids(*, older_than: timedelta) -> list[int]:
    """Unsent e-mails that nobody is working on: never published, or lost by the broker."""
    cutoff = timezone.now() - older_than
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)
    waiting = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    pending = OutgoingEmail.objects.filter(waiting, sent_at__isnull=True, created_at__lt=cutoff)
    return list(pending.filter(Q(published_at__isnull=True) | Q(published_at__lt=cutoff)).values_list("pk", flat=True))
