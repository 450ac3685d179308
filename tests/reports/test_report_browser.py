"""The browser report on a 390 px phone in a real Chromium (issue 13): no sideways page, legible charts."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, ViewportSize, expect

from surveys.models import Organization
from tests.reports.test_changes_browser import two_rounds
from tests.support.answers import answers_random
from tests.support.report_jobs import report_job_succeeded
from tests.surveys.test_lead_browser import log_in, serious_violations

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
# 8 pt in CSS pixels.
SMALLEST_TEXT_PX = 8 * 4 / 3

RENDERED_CHART_TEXT_SIZES = """
() => [...document.querySelectorAll('.report-browser svg.chart')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(text => Number(text.getAttribute('font-size')) * scale);
})
"""
HEATMAP_BOX = "document.querySelector('[aria-labelledby=heatmap-caption]')"


@pytest.fixture
def phone_page(chromium: Browser, live_server: Any) -> Iterator[Page]:
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_browser_report_reads_on_a_phone(
    transactional_db: None, phone_page: Page, alice: User, acme: Organization
) -> None:
    survey = two_rounds(acme)
    answers_random(survey, per_role={"product_manager": 3}, seed=4)
    job = report_job_succeeded(survey, requested_by=alice)
    log_in(phone_page, "alice")

    phone_page.goto(f"/reports/{job.pk}/read/")

    expect(phone_page.get_by_role("heading", name="Summary", exact=True)).to_be_visible()
    expect(phone_page.locator("#since-title")).to_be_attached()
    # The page never scrolls sideways; the heat map scrolls inside its own captioned box.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone_page.evaluate(f"{HEATMAP_BOX}.clientWidth") <= PHONE["width"]
    sizes = phone_page.evaluate(RENDERED_CHART_TEXT_SIZES)
    assert sizes
    assert min(sizes) >= SMALLEST_TEXT_PX
    assert "SHA-256" not in phone_page.content()
    assert serious_violations(phone_page) == []
