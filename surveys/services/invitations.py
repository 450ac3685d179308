"""Invitations to a survey: personal links (e-mailed or handed out) and open links per role.

Only the hash of a link's token is stored; the raw token leaves this module once, in the
return value (to be shown to the lead or printed) and in the invitation e-mail.
"""

from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from outbox.emails import email_queue
from surveys.models import Invitation, Response, Survey
from surveys.pending_marks import Mark, pending_batch_claim, pending_clear, pending_has, pending_ids
from surveys.selectors.questionnaire import questionnaire_get
from surveys.selectors.surveys import survey_role_titles
from surveys.tokens import open_link_key, token_hash, token_new
from surveys.validators import (
    MAX_INVITATION_MESSAGE_LENGTH,
    MAX_LABEL_LENGTH,
    validate_email_address,
    validate_line,
    validate_paragraphs,
)

MAX_INVITATIONS_AT_ONCE = 5000
MAX_LINKS_AT_ONCE = 500
REMINDER_INTERVAL = timedelta(days=1)
# How long a revoked link can be restored ("undo"): long enough to notice the wrong row.
REVOKE_UNDO_WINDOW = timedelta(minutes=10)
LABEL_FIELD = "A link's label"
MESSAGE_FIELD = "Your message"

SURVEY_CLOSED_MESSAGE = "This survey is closed: reopen it before inviting or reminding anyone."
ROLE_NOT_IN_SURVEY_MESSAGE = "The role “{role}” is not part of this survey, which includes: {roles}."
NO_ROLES_MESSAGE = "Choose at least one role for the open link."
NOTHING_TO_CREATE_MESSAGE = "Give at least one address or a number of links."
BOTH_GIVEN_MESSAGE = "Give either addresses or a number of links, not both."
LINK_COUNT_MESSAGE = f"The number of links must be a whole number from 1 to {MAX_LINKS_AT_ONCE}."
TOO_MANY_MESSAGE = f"At most {MAX_INVITATIONS_AT_ONCE} invitations can be sent at once."
DUPLICATE_EMAIL_MESSAGE = "“{email}” appears more than once."
REMINDED_TODAY_MESSAGE = "Members of this survey were reminded less than a day ago: remind them again tomorrow."
NOBODY_TO_REMIND_MESSAGE = "Nobody to remind: every e-mailed member has submitted, or was invited less than a day ago."
REMINDERS_UNAVAILABLE_MESSAGE = "Reminders cannot be sent for a moment: please try again in a few minutes."
UNDO_EXPIRED_MESSAGE = "This link was revoked more than 10 minutes ago: make a new one instead."
UNDO_NOT_REVOKED_MESSAGE = "This link is not revoked."
ALREADY_INVITED_MESSAGE = (
    "“{email}” is already invited to this survey; revoke that invitation first to send a new link."
)


def invitation_url(token: str) -> str:
    """The absolute personal link of a token, built from the configured site address."""
    try:
        path = reverse("questionnaire:start", args=[token])
    except NoReverseMatch:
        # The questionnaire pages are wired separately; their address is fixed by the design.
        path = f"/s/{token}/"
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def invitations_create_personal(
    *,
    survey: Survey,
    role: str,
    emails: list[str] | None = None,
    count: int = 0,
    label: str = "",
    message: str = "",
) -> list[tuple[Invitation, str]]:
    """One personal invitation per address (e-mailed in the background), or `count` without one.

    `label` is the lead's note on each link; `message` their words in the e-mail. Returns
    (invitation, raw token) pairs; raises ValidationError and creates nothing on bad input.
    """
    addresses = [email.strip() for email in emails or []]
    label, message = label.strip(), message.strip()
    invitation_texts_validate(label=label, message=message)
    _validate_personal(survey=survey, role=role, emails=addresses, count=count)
    role_title = survey_role_titles(survey=survey)[role]
    created = []
    for email in addresses or [""] * count:
        token = token_new()
        invitation = Invitation.objects.create(
            survey=survey,
            kind=Invitation.Kind.PERSONAL,
            roles=[role],
            email=email,
            label=label,
            token_hash=token_hash(token),
        )
        if email:
            _invitation_send(invitation=invitation, token=token, role_title=role_title, message=message)
        created.append((invitation, token))
    return created


@transaction.atomic
def invitations_create_for_rows(
    *, survey: Survey, rows: list[tuple[str, str]], label: str = "", message: str = ""
) -> list[tuple[Invitation, str]]:
    """Personal e-mailed invitations from (address, role) rows, all or nothing."""
    _validate_open(survey=survey)
    for _email, role in rows:
        _validate_role(survey=survey, role=role)
    invitations_validate_emails(survey=survey, emails=[email.strip() for email, _role in rows])
    created = []
    for role in survey.roles:
        emails = [email for email, row_role in rows if row_role == role]
        if emails:
            created += invitations_create_personal(
                survey=survey, role=role, emails=emails, label=label, message=message
            )
    return created


@transaction.atomic
def invitation_create_open(*, survey: Survey, roles: list[str], label: str = "") -> tuple[Invitation, str]:
    """An open link for one or several roles, for channels where addresses are unknown."""
    label = label.strip()
    invitation_texts_validate(label=label, message="")
    _validate_open(survey=survey)
    if not roles:
        raise ValidationError(NO_ROLES_MESSAGE)
    for role in roles:
        _validate_role(survey=survey, role=role)
    # Roles keep the survey's order, so that the member's role choice reads the same everywhere.
    ordered = [role for role in survey.roles if role in roles]
    token = token_new()
    invitation = Invitation.objects.create(
        survey=survey, kind=Invitation.Kind.OPEN, roles=ordered, label=label, token_hash=token_hash(token)
    )
    return invitation, token


def invitation_revoke(*, invitation: Invitation) -> None:
    """The link stops working at once; a draft already saved through it stays unreadable.

    Revoking an open link also ends the drafts started from it and not yet submitted
    (privacy.md, "Members who are not people"): in a transaction of their own, since no
    transaction writes both a response and an invitation.
    """
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    invitation.refresh_from_db(fields=["revoked_at"])
    if invitation.kind == Invitation.Kind.OPEN:
        open_link_drafts_end(invitation=invitation)


def invitation_restore(*, invitation: Invitation) -> None:
    """Undo a revocation made less than REVOKE_UNDO_WINDOW ago: the same link works again.

    What the revocation ended stays ended: the drafts of an open link were deleted and do not
    come back (privacy.md), and a personal link comes back only while no other live link has
    its address (the lead may have invited it again meanwhile).
    """
    _validate_open(survey=invitation.survey)
    if invitation.email:
        invitations_validate_emails(survey=invitation.survey, emails=[invitation.email])
    recent = timezone.now() - REVOKE_UNDO_WINDOW
    if invitation.revoked_at is None or invitation.revoked_at < recent:
        raise ValidationError(UNDO_NOT_REVOKED_MESSAGE if invitation.revoked_at is None else UNDO_EXPIRED_MESSAGE)
    if invitation.kind == Invitation.Kind.OPEN:
        # A draft started in the instant of the revocation escaped its deletion; ended now, in a
        # transaction of its own (as at revoking), it cannot come back with the link.
        open_link_drafts_end(invitation=invitation)
    restored = Invitation.objects.filter(pk=invitation.pk, revoked_at__gte=recent).update(revoked_at=None)
    if not restored:
        raise ValidationError(UNDO_EXPIRED_MESSAGE)
    invitation.revoked_at = None


def invitation_texts_validate(*, label: str, message: str) -> None:
    validate_line(label, field=LABEL_FIELD, limit=MAX_LABEL_LENGTH)
    validate_paragraphs(message, field=MESSAGE_FIELD, limit=MAX_INVITATION_MESSAGE_LENGTH)


def open_link_drafts_end(*, invitation: Invitation) -> int:
    """Delete the unsubmitted drafts started from an open link; returns how many."""
    drafts = Response.objects.filter(
        survey_id=invitation.survey_id,
        status=Response.Status.DRAFT,
        open_link_key=open_link_key(invitation.token_hash),
    )
    deleted, _by_model = drafts.delete()
    return deleted


@transaction.atomic
def invitations_remind(*, survey: Survey) -> int:
    """Remind every e-mailed member who has not submitted; returns how many were reminded.

    A survey sends reminders at most once a day, and only to invitations sent at least a day ago.

    The raw token is not stored, so a reminder can carry a link only by issuing a new token.
    A member who never opened the link has no draft, so their token is rotated and the reminder
    carries the new link (the one in the first e-mail stops working, and the reminder says so):
    the members most likely to have lost the first e-mail get a working link. A member who has
    opened the link may hold a draft keyed by the old token (surveys/tokens.py), which a new
    token would orphan: their reminder asks them to use the link of the first e-mail, which
    they evidently have, and a lead can always revoke and invite again.
    """
    if not survey.is_open:
        raise ValidationError(SURVEY_CLOSED_MESSAGE)
    now = timezone.now()
    # A conditional update claims the day's reminder, so two leads clicking at once send one.
    claimed = Survey.objects.filter(pk=survey.pk).exclude(reminded_at__gt=now - REMINDER_INTERVAL)
    if not claimed.update(reminded_at=now):
        raise ValidationError(REMINDED_TODAY_MESSAGE)
    survey.reminded_at = now
    reminded = members_remind(survey=survey, now=now)
    if not reminded:
        # Nobody was reminded: the survey keeps its previous reminder date.
        raise ValidationError(NOBODY_TO_REMIND_MESSAGE)
    return reminded


def members_remind(*, survey: Survey, now: datetime) -> int:
    """Queue a reminder to each e-mailed member who has not submitted; returns how many.

    The caller has claimed the survey's reminder (Survey.reminded_at, or a scheduled reminder)
    in its transaction; raises ValidationError when Redis cannot tell who submitted lately.
    """
    try:
        # Visits and submissions since the last hourly batch are still marks in Redis.
        submitted = pending_ids(mark=Mark.SUBMITTED)
        due = list(_reminders_due(survey=survey, now=now).exclude(pk__in=submitted))
        role_titles = survey_role_titles(survey=survey)
        for invitation in due:
            _invitation_remind(invitation=invitation, survey=survey, role_titles=role_titles)
    except redis.RedisError:
        # Without the marks, a reminder could rotate the token of a member holding a draft;
        # raising rolls back the claim and every e-mail queued.
        raise ValidationError(REMINDERS_UNAVAILABLE_MESSAGE) from None
    return len(due)


def _reminders_due(*, survey: Survey, now: datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        survey=survey,
        kind=Invitation.Kind.PERSONAL,
        revoked_at__isnull=True,
        submitted=False,
        sent_at__lt=now - REMINDER_INTERVAL,
    ).exclude(email="")


@transaction.atomic
def invitations_record_pending() -> int:
    """Flip every invitation marked opened or submitted since the last batch, in one transaction.

    Runs at most once an hour (surveys/pending_marks.py); returns how many invitations changed.
    """
    if not pending_batch_claim():
        return 0
    opened, submitted = pending_ids(mark=Mark.OPENED), pending_ids(mark=Mark.SUBMITTED)
    changed = Invitation.objects.filter(pk__in=submitted, submitted=False).update(submitted=True, opened=True)
    changed += Invitation.objects.filter(pk__in=opened - submitted, opened=False).update(opened=True)
    # Marks are forgotten once the flips are committed; a crash before keeps them for the next batch.
    transaction.on_commit(lambda: _pending_forget(opened=opened, submitted=submitted))
    return changed


def _pending_forget(*, opened: set[int], submitted: set[int]) -> None:
    pending_clear(mark=Mark.OPENED, invitation_ids=opened)
    pending_clear(mark=Mark.SUBMITTED, invitation_ids=submitted)


def _invitation_remind(*, invitation: Invitation, survey: Survey, role_titles: dict[str, str]) -> None:
    token = token_new()
    # Rotate only a link never opened, recorded or marked since the last batch.
    marked = pending_has(mark=Mark.OPENED, invitation_id=invitation.pk)
    never_opened = Invitation.objects.filter(pk=invitation.pk, opened=False)
    rotated = 0 if marked else never_opened.update(token_hash=token_hash(token))
    email_queue(
        to=invitation.email,
        subject=f"Reminder: {survey.title}",
        template="surveys/emails/reminder.txt",
        context={
            "survey": survey,
            "role_title": role_titles.get(invitation.role, invitation.role),
            "link": invitation_url(token) if rotated else "",
        },
    )


def _invitation_send(*, invitation: Invitation, token: str, role_title: str, message: str) -> None:
    survey = invitation.survey
    email_queue(
        to=invitation.email,
        subject=f"Your invitation: {survey.title}",
        template="surveys/emails/invitation.txt",
        context={
            "survey": survey,
            "role_title": role_title,
            "link": invitation_url(token),
            "message": message,
            # The intro and the pages give the same length: one source, the questionnaire.
            "length": questionnaire_get(survey=survey, role=invitation.role).length_text,
        },
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def _validate_open(*, survey: Survey) -> None:
    if not survey.is_open:
        raise ValidationError(SURVEY_CLOSED_MESSAGE)


def _validate_role(*, survey: Survey, role: str) -> None:
    if role not in survey.roles:
        raise ValidationError(ROLE_NOT_IN_SURVEY_MESSAGE.format(role=role, roles=", ".join(survey.roles)))


def _validate_personal(*, survey: Survey, role: str, emails: list[str], count: int) -> None:
    _validate_open(survey=survey)
    _validate_role(survey=survey, role=role)
    if emails and count:
        raise ValidationError(BOTH_GIVEN_MESSAGE)
    if not emails and not count:
        raise ValidationError(NOTHING_TO_CREATE_MESSAGE)
    if not emails and (isinstance(count, bool) or not 1 <= count <= MAX_LINKS_AT_ONCE):
        raise ValidationError(LINK_COUNT_MESSAGE)
    if len(emails) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(TOO_MANY_MESSAGE)
    invitations_validate_emails(survey=survey, emails=emails)


def invitations_validate_emails(*, survey: Survey, emails: list[str]) -> None:
    """Each address valid, given once, and not already holding a live invitation to the survey.

    Every problem is reported at once, so that a lead mends a pasted list in one go.
    """
    errors: list[str] = []
    seen: set[str] = set()
    for email in emails:
        try:
            validate_email_address(email)
        except ValidationError as error:
            errors += error.messages
        if email.lower() in seen:
            errors.append(DUPLICATE_EMAIL_MESSAGE.format(email=email))
        seen.add(email.lower())
    live = Invitation.objects.filter(survey=survey, revoked_at__isnull=True).exclude(email="")
    for email in live.values_list("email", flat=True):
        if email.lower() in seen:
            errors.append(ALREADY_INVITED_MESSAGE.format(email=email))
    if errors:
        raise ValidationError(errors)
