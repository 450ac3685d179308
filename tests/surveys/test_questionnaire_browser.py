"""A member in a real Chromium: the keyboard alone, a pause half-way, and axe-core's verdict."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, expect

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


@pytest.fixture(params=[True, False], ids=["with JavaScript", "without JavaScript"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def member_context(chromium: Browser, live_server: Any, javascript: bool) -> Iterator[Callable[..., Page]]:
    """New browsers for a member, with JavaScript on (the one-document questionnaire) or off."""
    contexts: list[BrowserContext] = []

    def new_page(**options: Any) -> Page:
        context = chromium.new_context(base_url=live_server.url, java_script_enabled=javascript, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def move_on(page: Page, javascript: bool, press: Callable[[], None], *, to_page: int, of: int) -> None:
    """Leave a page: the script saves it in the background; without it, the browser posts and loads."""
    if javascript:
        press()
    else:
        with page.expect_navigation():
            press()
    expect(page.locator("#progress-label")).to_have_text(f"Page {to_page} of {of}")


def test_it_completes_the_questionnaire_with_the_keyboard_alone(
    member_context: Callable[..., Page], javascript: bool, survey: Survey
) -> None:
    page = member_context()
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    total = questionnaire.page_count
    page.goto(f"/s/{token}/")
    tab_to(page, tag="A", text="Start")
    press_enter_and_load(page)
    for number in range(1, total):
        expect(page.locator("#progress-label")).to_have_text(f"Page {number} of {total}")
        answer_with_keyboard(page, likert_keys(questionnaire, number), agree_steps=3)
        # Enter on a radio submits the form with its first button, "Save and continue".
        move_on(page, javascript, lambda: page.keyboard.press("Enter"), to_page=number + 1, of=total)
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
    member_context: Callable[..., Page], javascript: bool, survey: Survey
) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    total = questionnaire.page_count
    page = member_context()
    page.goto(f"/s/{token}/")
    page.get_by_role("link", name="Start").click()
    for key in likert_keys(questionnaire, 1):
        page.locator(f"#{key}_2").check()
    save = page.get_by_role("button", name="Save and continue").locator("visible=true")
    move_on(page, javascript, save.click, to_page=2, of=total)
    page.context.close()

    page = member_context()
    page.goto(f"/s/{token}/")
    # "Continue" resumes on the first page with an unanswered statement (issue 13).
    page.get_by_role("link", name="Continue").click()
    expect(page.locator("#progress-label")).to_have_text(f"Page 2 of {total}")
    back = page.get_by_role("button", name="Back").locator("visible=true")
    move_on(page, javascript, back.click, to_page=1, of=total)
    for key in likert_keys(questionnaire, 1):
        expect(page.locator(f"#{key}_2")).to_be_checked()
    for number in range(1, total):
        for key in likert_keys(questionnaire, number)[: 1 if number > 1 else 0]:
            page.locator(f"#{key}_dk").check()
        save = page.get_by_role("button", name="Save and continue").locator("visible=true")
        move_on(page, javascript, save.click, to_page=number + 1, of=total)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.likert == dict.fromkeys(likert_keys(questionnaire, 1), 2)
    assert len(response.dont_know) == total - 2


def test_it_goes_back_after_submitting_and_changes_the_same_response(
    member_context: Callable[..., Page], javascript: bool, survey: Survey
) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    page = member_context()
    page.goto(f"/s/{token}/page/{questionnaire.page_count}/")
    [key, *_rest] = likert_keys(questionnaire, 1)
    page.goto(f"/s/{token}/page/1/")
    page.locator(f"#{key}_5").check()
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"/s/{token}/page/{questionnaire.page_count}/")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    # The browser's Back button: the page comes from the server again (no cache), submitted.
    page.go_back()
    expect(page.get_by_text("Your answers are submitted.")).to_be_visible()
    page.get_by_role("button", name="Submit my changes").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.get_by_role("link", name="Change my answers").click()
    expect(page.get_by_text("Your answers are submitted.")).to_be_visible()
    assert Response.objects.get().likert == {key: 5}


def test_it_completes_the_questionnaire_on_a_phone_without_scrolling_sideways(
    member_context: Callable[..., Page], javascript: bool, survey: Survey
) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    total = questionnaire.page_count
    page = member_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"/s/{token}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start").tap()
    for number in range(1, total):
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for key in likert_keys(questionnaire, number):
            page.locator(f"label[for={key}_3]").tap()
        save = page.get_by_role("button", name="Save and continue").locator("visible=true")
        move_on(page, javascript, save.tap, to_page=number + 1, of=total)
    page.get_by_role("button", name="Submit my answers").tap()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert set(Response.objects.get().likert.values()) == {3}


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
    browser_page.goto(f"/s/{token}/all/")
    assert serious_violations(browser_page) == []


def test_it_shows_the_answer_scale_on_one_row_on_a_desktop(browser_page: Page, survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(f"/s/{token}/page/1/")
    for key in likert_keys(pages_of(survey), 1):
        tops = {round(box["y"]) for box in radio_boxes(browser_page, key)}
        assert len(tops) == 1, f"{key}: the six choices wrap onto {len(tops)} rows"


def test_it_stacks_the_answer_scale_on_a_phone(browser_page: Page, survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto(f"/s/{token}/page/1/")
    [key, *_rest] = likert_keys(pages_of(survey), 1)
    assert len({round(box["y"]) for box in radio_boxes(browser_page, key)}) == 6


def radio_boxes(page: Page, key: str) -> list[FloatRect]:
    boxes = [page.locator(f"#{key}_{value}").bounding_box() for value in ("1", "2", "3", "4", "5", "dk")]
    assert all(box is not None for box in boxes)
    return [box for box in boxes if box is not None]
