"""A member in a real Chromium: the keyboard alone, a pause half-way, and axe-core's verdict."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from surveys.models import Organization, Response, Survey
from tests.factories import make_survey
from tests.support.questionnaire import likert_keys, pages_of, personal_link, text_keys

pytestmark = pytest.mark.browser
MAX_TABS = 80
SERIOUS = {"serious", "critical"}


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, description="Where our churn work gets stuck.")


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, name: e.name || '', text: (e.innerText || '').trim(), type: e.type || ''}; }"
    )


def tab_to(page: Page, **wanted: str) -> None:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        if all(current.get(key) == value for key, value in wanted.items()):
            return
    raise AssertionError(f"Tab never reached {wanted}; last focus: {focused(page)}")


def answer_with_keyboard(page: Page, keys: list[str], agree_steps: int) -> None:
    """Tab into each radio group, check the first choice with Space, then move with the arrows."""
    for key in keys:
        tab_to(page, name=key)
        page.keyboard.press("Space")
        for _ in range(agree_steps):
            page.keyboard.press("ArrowRight")


def press_enter_and_load(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def test_it_completes_the_questionnaire_with_the_keyboard_alone(browser_page: Page, survey: Survey) -> None:
    page = browser_page
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    page.goto(f"/s/{token}/")
    tab_to(page, tag="A", text="Start")
    press_enter_and_load(page)
    for number in range(1, len(questionnaire.pages)):
        expect(page.locator("#progress-label")).to_have_text(f"Page {number} of {len(questionnaire.pages)}")
        answer_with_keyboard(page, likert_keys(questionnaire, number), agree_steps=3)
        # Enter on a radio submits the form with its first button, "Save and continue".
        press_enter_and_load(page)
    tab_to(page, name=text_keys(questionnaire)[0])
    page.keyboard.type("Nobody owns the feature pipeline.")
    tab_to(page, tag="BUTTON", text="Submit my answers")
    press_enter_and_load(page)
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert set(response.likert.values()) == {4}
    assert len(response.likert) == questionnaire.likert_count
    assert list(response.text.values()) == ["Nobody owns the feature pipeline."]


def test_it_resumes_a_half_filled_questionnaire_in_a_new_browser(
    chromium: Browser, live_server: Any, survey: Survey
) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    first = chromium.new_context(base_url=live_server.url)
    page = first.new_page()
    page.goto(f"/s/{token}/page/1/")
    for key in likert_keys(questionnaire, 1):
        page.get_by_role("group", name=questionnaire.pages[0].questions[0].text).wait_for()
        page.locator(f"#{key}_2").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#progress-label")).to_have_text(f"Page 2 of {len(questionnaire.pages)}")
    first.close()

    later = chromium.new_context(base_url=live_server.url)
    page = later.new_page()
    page.goto(f"/s/{token}/")
    page.get_by_role("link", name="Continue").click()
    for key in likert_keys(questionnaire, 1):
        expect(page.locator(f"#{key}_2")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    for number in range(2, len(questionnaire.pages)):
        for key in likert_keys(questionnaire, number):
            page.locator(f"#{key}_dk").check()
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    later.close()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.likert == dict.fromkeys(likert_keys(questionnaire, 1), 2)


def test_it_has_no_serious_accessibility_violation_on_the_intro(browser_page: Page, survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    browser_page.goto(f"/s/{token}/")
    assert serious_violations(browser_page) == []


def test_it_has_no_serious_accessibility_violation_on_a_questionnaire_page(browser_page: Page, survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    browser_page.goto(f"/s/{token}/page/{len(pages_of(survey).pages)}/")
    assert serious_violations(browser_page) == []
    browser_page.goto(f"/s/{token}/page/1/")
    assert serious_violations(browser_page) == []
