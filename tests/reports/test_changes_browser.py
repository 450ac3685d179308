"""The trend chart on a 390 px phone in a real Chromium: legible, and the page does not scroll sideways."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, ViewportSize, expect

from surveys.models import Organization, Survey
from tests.factories import make_survey
from tests.support.answers import answers_at_risk
from tests.support.published import publish
from tests.surveys.test_lead_browser import log_in, serious_violations

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
# 8 pt in CSS pixels.
SMALLEST_TEXT_PX = 8 * 4 / 3

RENDERED_TEXT_SIZES = """
() => [...document.querySelectorAll('#since-heading ~ article svg.chart')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(text => Number(text.getAttribute('font-size')) * scale);
})
"""


@pytest.fixture
def phone_page(chromium: Browser, live_server: Any) -> Iterator[Page]:
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def two_rounds(organization: Organization) -> Survey:
    first = make_survey(organization, title="Round 1")
    answers_at_risk(first, "data_scientist", 3, risk_value=1)
    answers_at_risk(first, "engineer", 3, risk_value=2)
    publish(first)
    second = make_survey(organization, title="Round 2")
    answers_at_risk(second, "data_scientist", 3, risk_value=5)
    answers_at_risk(second, "engineer", 3, risk_value=3)
    publish(second)
    return second


def test_the_trend_chart_is_legible_on_a_phone(
    transactional_db: None, phone_page: Page, alice: User, acme: Organization
) -> None:
    survey = two_rounds(acme)
    log_in(phone_page, "alice")

    phone_page.goto(f"/surveys/{survey.pk}/scores/")

    expect(phone_page.get_by_role("heading", name="Since the last round")).to_be_visible()
    sizes = phone_page.evaluate(RENDERED_TEXT_SIZES)
    assert sizes
    assert min(sizes) >= SMALLEST_TEXT_PX
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(phone_page) == []
