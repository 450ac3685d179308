"""A whole round driven through the API alone, to the report's PDF bytes, with a real worker.

The members' answers are the only part not scripted through the API: members answer from
their links, not with tokens. Webhooks are heard by a local receiver on the way, through the
same worker, signed, and retried when the receiver first answers 500.
"""

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader
from pytest_django.fixtures import Settings as SettingsWrapper

from api.models import Webhook, WebhookDelivery
from api.webhooks.services import webhook_create
from api.webhooks.signing import EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_signature_valid
from surveys.models import Survey
from tests.support.answers import answers_random
from tests.support.api import caller_for
from tests.support.receiver import Receiver, receiver_running
from tests.support.services import WorkerFactory, wait_until

pytestmark = pytest.mark.worker

V1 = "/api/v1"
TITLE = "Search ranking Q3"
RENDER_TIMEOUT = 90  # seconds: a cold worker imports WeasyPrint and renders about 20 pages


@pytest.fixture
def worker_env(settings: SettingsWrapper, tmp_path: Path) -> dict[str, str]:
    """One media directory for this process and the worker; loopback receivers allowed in both."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    return {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "1", "WEBHOOK_RETRY_BASE": "1"}


def _events(receiver: Receiver) -> list[str]:
    return [received.headers[EVENT_HEADER] for received in receiver.received]


def _poll_report(api: Any, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + RENDER_TIMEOUT
    seen_progress = set()
    while time.monotonic() < deadline:
        job: dict[str, Any] = api.get(f"{V1}/reports/{job_id}/").json()
        seen_progress.add(job["progress"])
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"report {job_id} not done after {RENDER_TIMEOUT} s; progress seen: {sorted(seen_progress)}")


def test_a_whole_round_through_the_api_to_the_pdf(
    worker_factory: WorkerFactory, worker_env: dict[str, str], alice: User
) -> None:
    worker_factory(**worker_env)
    api = caller_for(alice)
    with receiver_running(statuses=[500]) as receiver:
        _webhook, secret = webhook_create(
            organization=alice.memberships.get().organization,
            created_by=alice,
            url=receiver.url,
            events=Webhook.Event.values,
        )
        team = api.post(f"{V1}/teams/", {"name": "Search"}).json()
        created = api.post(
            f"{V1}/surveys/", {"title": TITLE, "team": "Search", "roles": ["data_scientist", "engineer"]}
        )
        survey = created.json()
        assert (created.status_code, survey["team"], survey["round_number"]) == (201, team["id"], 1)
        invited = api.post(
            f"{V1}/surveys/{survey['id']}/invitations/", {"role": "engineer", "emails": ["a@example.com"]}
        )
        links = api.post(f"{V1}/surveys/{survey['id']}/invitations/", {"role": "data_scientist", "links": 3})
        assert (invited.status_code, len(links.json()["invitations"])) == (201, 3)

        answers_random(Survey.objects.get(pk=survey["id"]), per_role={"data_scientist": 3, "engineer": 3})

        assert api.post(f"{V1}/surveys/{survey['id']}/close/").json()["status"] == "closed"
        results = api.get(f"{V1}/surveys/{survey['id']}/results/").json()
        assert results["survey"]["title"] == TITLE
        assert results["failure_modes"]

        requested = api.post(f"{V1}/surveys/{survey['id']}/reports/")
        assert requested.status_code == 202
        job = _poll_report(api, requested.json()["id"])
        assert (job["state"], job["progress"]) == ("succeeded", 100), job["error"]
        pdf = api.client.get(job["pdf_url"], headers=api.headers)
        assert pdf["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.getvalue()))
        assert len(reader.pages) > 1
        assert TITLE in reader.pages[0].extract_text()

        # The first delivery met a 500 and was retried: every event arrives, signed.
        wait_until(
            lambda: WebhookDelivery.objects.filter(state=WebhookDelivery.State.DELIVERED).count() == 3,
            timeout=30,
            message=f"deliveries: {list(WebhookDelivery.objects.values('event', 'state', 'attempts', 'last_error'))}",
        )
    assert sorted(set(_events(receiver))) == ["report.ready", "results.published", "round.closed"]
    assert len(receiver.received) == 4
    for received in receiver.received:
        assert webhook_signature_valid(
            secret=secret,
            timestamp=int(received.headers[TIMESTAMP_HEADER]),
            body=received.body,
            signature=received.headers[SIGNATURE_HEADER],
        )
    ready = next(json.loads(r.body) for r in receiver.received if r.headers[EVENT_HEADER] == "report.ready")
    assert ready["data"]["report"]["pdf_url"].endswith(f"/api/v1/reports/{job['id']}/pdf/")
