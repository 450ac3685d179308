"""Sharing a report: with the organization's viewers, or through a share link.

A finished report is the lead's until they share it with the organization's viewers
(executives), and they may withdraw it again; nothing shares a report by itself.

Share links: one report readable by anyone holding a signed, expiring, revocable link.

The token is the link's id signed with the project's SECRET_KEY (django.core.signing), so a
tampered or invented token fails before any query; the database row holds the expiry and the
revocation, so a lead can end a link at once. The signature carries no timestamp (the row
holds the expiry), so a link's token is the same every time it is shown. No token is stored:
a copy of the database, without the server's secret, cannot make one. `signed_link_token` and
`signed_link_pk` are that mechanism for any kind of link (reports.team_sharing uses them too),
each kind with its own salt so that one kind's token never opens another.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportJob, ShareLink

SHARE_LINK_SALT = "reports.share-link"
SHARE_DAYS_DEFAULT = 14
SHARE_DAYS_MAX = 90
SHARE_DAYS_INVALID = f"A share link lasts from 1 to {SHARE_DAYS_MAX} days."
SHARE_NOT_READY = "Only a finished report can be shared."


def report_share_with_viewers(*, job: ReportJob, shared_by: User) -> None:
    """Let the organization's viewers read the report; sharing it twice keeps the first date."""
    if job.state != ReportJob.State.SUCCEEDED:
        raise ValidationError(SHARE_NOT_READY)
    ReportJob.objects.filter(pk=job.pk, shared_with_viewers_at__isnull=True).update(
        shared_with_viewers_at=timezone.now(), shared_with_viewers_by=shared_by
    )


def report_unshare_with_viewers(*, job: ReportJob) -> None:
    """Take the report back from the viewers: they no longer list, read or download it."""
    ReportJob.objects.filter(pk=job.pk).update(shared_with_viewers_at=None, shared_with_viewers_by=None)


def signed_link_token(*, salt: str, pk: int) -> str:
    """The token of a link row: its id, signed with SECRET_KEY under the link kind's salt."""
    return signing.Signer(salt=salt).sign_object(pk)


def signed_link_pk(*, salt: str, token: str) -> int:
    """The id a token was made from; Http404 for a tampered, invented or other kind's token."""
    try:
        pk = signing.Signer(salt=salt).unsign_object(token)
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise Http404
    return pk


def share_link_token(*, link: ShareLink) -> str:
    return signed_link_token(salt=SHARE_LINK_SALT, pk=link.pk)


def share_link_url(*, link: ShareLink) -> str:
    """The link's address, built from the configured base URL like invitation links, not from the Host header."""
    return settings.SITE_URL + reverse("reports:shared_read", args=[share_link_token(link=link)])


def share_link_create(*, job: ReportJob, created_by: User, days: int) -> ShareLink:
    if not 1 <= days <= SHARE_DAYS_MAX:
        raise ValidationError(SHARE_DAYS_INVALID)
    if job.state != ReportJob.State.SUCCEEDED:
        raise ValidationError(SHARE_NOT_READY)
    return ShareLink.objects.create(job=job, created_by=created_by, expires_at=timezone.now() + timedelta(days=days))


def share_link_revoke(*, link: ShareLink) -> None:
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def share_links_live(*, job: ReportJob) -> QuerySet[ShareLink]:
    """The job's links that still open it."""
    return _share_links_live().filter(job=job).order_by("expires_at")


def share_link_get_for_lead(*, job: ReportJob, pk: int) -> ShareLink:
    """A link of a job the caller already reached through report_job_get_for_lead."""
    link = ShareLink.objects.filter(job=job, pk=pk).first()
    if link is None:
        raise Http404
    return link


def share_link_get_by_token(*, token: str) -> ShareLink:
    """The live link a token names, with its finished report; 404 for anything else."""
    pk = signed_link_pk(salt=SHARE_LINK_SALT, token=token)
    link = (
        _share_links_live()
        .filter(pk=pk, job__state=ReportJob.State.SUCCEEDED)
        .select_related("job", "job__survey", "job__survey__organization")
        .first()
    )
    if link is None:
        raise Http404
    return link


def _share_links_live() -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
