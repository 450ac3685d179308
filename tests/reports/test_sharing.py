"""Share links: one report for anyone holding a signed, expiring, revocable link; nothing else."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from config import settings as settings_module
from reports.models import ReportJob, ShareLink
from reports.services import report_request
from reports.sharing import (
    SHARE_DAYS_DEFAULT,
    SHARE_DAYS_INVALID,
    SHARE_DAYS_MAX,
    share_link_create,
    share_link_token,
)
from reports.views import SHARE_CREATED_MESSAGE, SHARE_LINK_INVALID_MESSAGE, SHARE_REVOKED_MESSAGE
from surveys.models import Organization
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.report_jobs import report_job_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(acme: Organization, alice: User) -> ReportJob:
    survey = make_survey(acme, roles=["data_scientist"])
    answers_random(survey, per_role={"data_scientist": 3})
    return report_job_succeeded(survey, requested_by=alice)


@pytest.fixture
def link(report: ReportJob, alice: User) -> ShareLink:
    return share_link_create(job=report, created_by=alice, days=SHARE_DAYS_DEFAULT)


def _shared(link: ShareLink, name: str = "shared_read") -> str:
    return reverse(f"reports:{name}", args=[share_link_token(link=link)])


@pytest.mark.parametrize("name", ["shared_read", "shared_download"])
def test_it_opens_the_report_to_anyone_holding_a_live_link(link: ShareLink, name: str) -> None:
    assert Client().get(_shared(link, name)).status_code == 200


def test_it_shows_the_shared_report_with_its_pdf(link: ShareLink) -> None:
    page = Client().get(_shared(link)).content.decode()
    assert link.job.survey.title in page
    assert f'href="{_shared(link, "shared_download")}"' in page


def test_it_refuses_an_expired_link(link: ShareLink) -> None:
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(_shared(link)).status_code == 404


@pytest.mark.parametrize("name", ["shared_read", "shared_download"])
def test_it_refuses_a_revoked_link(link: ShareLink, alice: User, name: str) -> None:
    client_for(alice).post(reverse("reports:share_revoke", args=[link.job.pk, link.pk]))
    assert Client().get(_shared(link, name)).status_code == 404


@pytest.mark.parametrize("name", ["shared_read", "shared_download"])
def test_it_tells_the_holder_of_a_dead_link_to_ask_for_a_new_one(link: ShareLink, alice: User, name: str) -> None:
    client_for(alice).post(reverse("reports:share_revoke", args=[link.job.pk, link.pk]))
    assert SHARE_LINK_INVALID_MESSAGE in Client().get(_shared(link, name)).content.decode()


def test_it_refuses_a_tampered_token(link: ShareLink) -> None:
    token = share_link_token(link=link)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().get(reverse("reports:shared_read", args=[forged])).status_code == 404


def test_it_refuses_a_token_naming_another_link_with_the_first_ones_signature(link: ShareLink) -> None:
    other = share_link_create(job=link.job, created_by=None, days=1)  # type: ignore[arg-type]
    token, other_token = share_link_token(link=link), share_link_token(link=other)
    forged = other_token.split(":")[0] + ":" + token.split(":", 1)[1]
    assert Client().get(reverse("reports:shared_read", args=[forged])).status_code == 404


def test_it_opens_only_the_report_the_link_was_made_for(link: ShareLink, acme: Organization) -> None:
    other = report_job_succeeded(make_survey(acme, title="Another survey"))
    holder = Client()
    assert "Another survey" not in holder.get(_shared(link)).content.decode()
    assert holder.get(reverse("reports:read", args=[other.pk])).status_code == 302


def test_it_shows_a_links_token_the_same_at_any_time(report: ReportJob, bob: User) -> None:
    # A token with a timestamp differed whenever a second passed between two readings.
    link = share_link_create(job=report, created_by=bob, days=3)
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000.0):
        first = share_link_token(link=link)
    with mock.patch("django.core.signing.time.time", return_value=1_000_009_999.0):
        assert share_link_token(link=link) == first


def test_it_creates_a_link_for_the_days_a_lead_picks(report: ReportJob, bob: User) -> None:
    response = client_for(bob).post(reverse("reports:share_create", args=[report.pk]), {"days": 30}, follow=True)
    link = ShareLink.objects.get(job=report)
    assert (link.created_by, round((link.expires_at - link.created_at) / timedelta(days=1))) == (bob, 30)
    assert SHARE_CREATED_MESSAGE in response.content.decode()
    assert share_link_token(link=link) in response.content.decode()


@pytest.mark.parametrize("days", ["0", str(SHARE_DAYS_MAX + 1), "soon", ""])
def test_it_refuses_a_link_lasting_too_long_or_not_at_all(report: ReportJob, alice: User, days: str) -> None:
    response = client_for(alice).post(reverse("reports:share_create", args=[report.pk]), {"days": days}, follow=True)
    assert SHARE_DAYS_INVALID in response.content.decode()
    assert not ShareLink.objects.exists()


def test_it_refuses_to_share_an_unfinished_report(report: ReportJob, alice: User) -> None:
    queued = report_request(survey=make_survey(report.survey.organization, title="Queued"), requested_by=alice)
    client_for(alice).post(reverse("reports:share_create", args=[queued.pk]), {"days": 14})
    assert not ShareLink.objects.filter(job=queued).exists()


def test_it_revokes_a_link_at_a_leads_request(link: ShareLink, alice: User) -> None:
    response = client_for(alice).post(reverse("reports:share_revoke", args=[link.job.pk, link.pk]), follow=True)
    assert ShareLink.objects.get(pk=link.pk).revoked_at is not None
    assert SHARE_REVOKED_MESSAGE in response.content.decode()


def test_it_hides_share_links_from_another_organization(link: ShareLink, charlie: User, victor: User) -> None:
    for user in (charlie, victor):
        assert client_for(user).post(reverse("reports:share_revoke", args=[link.job.pk, link.pk])).status_code == 404
    assert ShareLink.objects.get(pk=link.pk).revoked_at is None


def test_a_share_link_survives_a_secret_key_rotation_with_the_old_key_as_fallback(
    link: ShareLink, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = share_link_token(link=link)
    old_key = settings.SECRET_KEY
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", old_key)
    settings.SECRET_KEY = "a new key of fifty random characters: 8f3KqZ0vL2xW7m"
    settings.SECRET_KEY_FALLBACKS = settings_module._secret_key_fallbacks()
    response = Client().get(reverse("reports:shared_read", args=[token]))
    assert response.status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(reverse("reports:shared_read", args=[token])).status_code == 404
