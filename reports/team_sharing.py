"""Results back to the team: one link to a round's published results, e-mailed to everyone invited.

product.md, "Results go back to the team first". The link carries no identity: one link per
share, the same in every e-mail, its token the row's id signed with SECRET_KEY (the mechanism
of reports.sharing, under its own salt), so that nothing stored or logged can tell who opened
it. The lead picks the last day it opens, can send it again (the same link, to the round's
invitations as they are then) and revoke it; a new share after that is a new link.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from outbox.emails import email_record, email_render
from reports.models import TeamShare
from reports.publishing import published_latest
from reports.sharing import SHARE_DAYS_MAX, signed_link_pk, signed_link_token
from surveys.models import Survey
from surveys.selectors.teams import round_invited_rows

TEAM_SHARE_SALT = "reports.team-share"
TEAM_SHARE_DAYS_DEFAULT = 14
TEAM_SHARE_NOTHING_PUBLISHED = "Nothing to share yet: publish this survey's results first."
TEAM_SHARE_EXPIRY_PAST = "The link must work until today at least: choose today or a later day."
TEAM_SHARE_EXPIRY_TOO_FAR = f"The link can work for at most {SHARE_DAYS_MAX} days: choose an earlier day."
TEAM_SHARE_NOBODY = (
    "Nobody to send it to: no live invitation of this round has an e-mail address. Invite the team by address first."
)
TEAM_SHARE_SUBJECT = "Your team's results: {title}"


def team_share_token(*, share: TeamShare) -> str:
    return signed_link_token(salt=TEAM_SHARE_SALT, pk=share.pk)


def team_share_url(*, share: TeamShare) -> str:
    # Built from the configured base URL, like the invitation links, not from the Host header.
    return settings.SITE_URL + reverse("team_view:read", args=[team_share_token(share=share)])


def team_share_current(*, survey: Survey) -> TeamShare | None:
    """The survey's newest share, live or not: what the lead's page shows the state of."""
    return TeamShare.objects.filter(survey=survey).order_by("-created_at", "-id").first()


def team_share_get_by_token(*, token: str) -> TeamShare:
    """The share a token names, live or not (the page says which); Http404 for any other token."""
    pk = signed_link_pk(salt=TEAM_SHARE_SALT, token=token)
    share = TeamShare.objects.select_related("survey", "survey__team", "survey__organization").filter(pk=pk).first()
    if share is None:
        raise Http404
    return share


def team_share_recipients(*, survey: Survey) -> list[str]:
    """Every address of the round's live personal invitations, once each, oldest invitation first."""
    seen: dict[str, str] = {}
    for email, _role in round_invited_rows(survey=survey):
        seen.setdefault(email.casefold(), email)
    return list(seen.values())


def team_share_send(*, survey: Survey, sent_by: User | None, expires_on: datetime.date) -> TeamShare:
    """E-mail the round's link to every invited address: the live one again, or a new one.

    Raises ValidationError (and changes nothing) when nothing is published, the day is past or
    too far, or no invitation has an address. The survey row is locked, so that two clicks
    never make two live links.
    """
    _validate_expiry(expires_on)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().select_related("team").get(pk=survey.pk)
        if published_latest(survey=locked) is None:
            raise ValidationError(TEAM_SHARE_NOTHING_PUBLISHED)
        recipients = team_share_recipients(survey=locked)
        if not recipients:
            raise ValidationError(TEAM_SHARE_NOBODY)
        share = team_share_current(survey=locked)
        if share is None or not share.is_live:
            share = TeamShare(survey=locked, created_by=sent_by)
        share.expires_on, share.sent_at, share.sent_to = expires_on, timezone.now(), len(recipients)
        share.save()
        _emails_queue(share=share, survey=locked, recipients=recipients)
    return share


def team_share_revoke(*, share: TeamShare) -> None:
    TeamShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _validate_expiry(expires_on: datetime.date) -> None:
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError(TEAM_SHARE_EXPIRY_PAST)
    if expires_on > today + datetime.timedelta(days=SHARE_DAYS_MAX):
        raise ValidationError(TEAM_SHARE_EXPIRY_TOO_FAR)


def _emails_queue(*, share: TeamShare, survey: Survey, recipients: list[str]) -> None:
    # One body for everyone: the same link, no name, nothing that differs per address.
    context = {"survey": survey, "link": team_share_url(share=share), "expires_on": share.expires_on}
    body = email_render(template="reports/emails/team_results.txt", context=context)
    for address in recipients:
        email_record(to=address, subject=TEAM_SHARE_SUBJECT.format(title=survey.title), body=body)
