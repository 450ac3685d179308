"""Every page type in Chromium at desktop width and on a 390 px phone: axe-core finds nothing
serious or critical, and no page scrolls sideways on the phone (issue 13)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize
from pytest_django.fixtures import Settings as SettingsWrapper

from surveys.error_summary import ERROR_TITLE_PREFIX
from tests.support.pages import NOT_PAGE_NAMESPACES, NOT_PAGES, VISITS, Visit, World, route_names

SERIOUS = {"serious", "critical"}
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=390, height=844)
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# Known failures in pages another branch owns, as strict expected failures: each makes this
# file fail once it is mended, so that its line here goes.
REPORT_BODY = "the report's own palette and layout (templates/reports/parts, report_colours.css): the report branch"
KNOWN_FAILURES = {
    ("scroll", "reports:read, as alice"): REPORT_BODY + ": its tables are wider than a phone",
    ("scroll", "reports:shared_read, as nobody"): REPORT_BODY + ": its tables are wider than a phone",
}


def visits(check: str) -> list[Any]:
    """VISITS as test parameters, marking the known failures of `check`."""
    return [
        pytest.param(
            visit,
            id=visit.id,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[check, visit.id])]
            if (check, visit.id) in KNOWN_FAILURES
            else [],
        )
        for visit in VISITS
    ]


@pytest.fixture
def world(transactional_db: None) -> World:
    return World()


@pytest.fixture
def page(chromium: Browser, live_server: Any) -> Iterator[Page]:
    context = chromium.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_visit(page: Page, world: World, visit: Visit, *, base_url: str, settings: SettingsWrapper) -> None:
    """Sign in as the visit's user, open its page (pressing its button), and check the answer."""
    # The live server runs in this process: a development-only page shows while DEBUG is on.
    settings.DEBUG = visit.debug
    user = world.user(visit.who)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])
    url = reverse(visit.on or visit.route, args=visit.args(world))
    response = page.goto(url)
    if visit.press:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=visit.press, exact=True).click()
        response = navigation.value
    assert response is not None
    assert response.status == visit.status, f"{page.url} answered {response.status}"


def serious_findings(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
        if v.get("impact") in SERIOUS
    ]


def sideways_overflow(page: Page) -> dict[str, Any]:
    """How far the page is wider than the screen, and the widest elements that stick out."""
    return dict(
        page.evaluate(
            """() => {
              const root = document.documentElement;
              const clipped = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
              };
              const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(e))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
              return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
            }"""
        )
    )


def test_it_names_each_visit_once() -> None:
    ids = [visit.id for visit in VISITS]
    assert len(ids) == len(set(ids)), "give the visits of one page a `state` each"


def test_it_lists_every_page_route() -> None:
    routes = {name for name in route_names() if name.split(":")[0] not in NOT_PAGE_NAMESPACES}
    visited = {visit.route for visit in VISITS}
    assert routes - visited - set(NOT_PAGES) == set(), "add a Visit to tests/support/pages.py"
    assert (visited | set(NOT_PAGES)) - routes == set(), "a route that no longer exists"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("visit", visits("axe"))
def test_axe_finds_nothing_serious(
    page: Page, live_server: Any, world: World, settings: SettingsWrapper, visit: Visit, width: str
) -> None:
    page.set_viewport_size(WIDTHS[width])
    open_visit(page, world, visit, base_url=live_server.url, settings=settings)
    assert serious_findings(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("visit", visits("scroll"))
def test_it_does_not_scroll_sideways_on_a_phone(
    page: Page, live_server: Any, world: World, settings: SettingsWrapper, visit: Visit
) -> None:
    page.set_viewport_size(PHONE)
    open_visit(page, world, visit, base_url=live_server.url, settings=settings)
    overflow = sideways_overflow(page)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow


@pytest.mark.browser
def test_it_moves_focus_to_the_error_summary_and_its_links_to_the_fields(
    page: Page, live_server: Any, world: World, settings: SettingsWrapper
) -> None:
    visit = Visit("surveys:create", "alice", press="Create survey")
    open_visit(page, world, visit, base_url=live_server.url, settings=settings)
    assert page.title().startswith(ERROR_TITLE_PREFIX)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary").get_by_role("link", name="Title").click()
    assert page.evaluate("document.activeElement.id") == "id_title"


# axe's color-contrast rule reads text only: the edges of controls (WCAG 1.4.11) and the focus
# ring (2.4.7, 2.4.13) are measured here, against the colour behind them.
STYLES_OF = """(selector) => {
  const behind = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const element = selector ? document.querySelector(selector) : document.activeElement;
  const style = getComputedStyle(element);
  return {
    name: element.tagName.toLowerCase() + '#' + element.id + ' ' + (element.innerText || '').trim().slice(0, 30),
    border: style.borderTopColor, outline: style.outlineColor, outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth), behind: behind(element),
  };
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_that_of_wcag() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(222, 226, 230)", "rgb(255, 255, 255)") == pytest.approx(1.3, abs=0.05)


CONTROLS = "input:not([type=hidden]), select, textarea"


@pytest.mark.browser
@pytest.mark.parametrize(
    "visit",
    [
        Visit("surveys:create", "alice"),
        Visit("surveys:invitations", "alice", lambda world: [world.survey.pk]),
        Visit("questionnaire:page", "", lambda world: [world.member_token, 1]),
    ],
    ids=lambda visit: visit.id,
)
def test_the_edges_of_form_controls_stand_out_at_3_to_1(
    page: Page, live_server: Any, world: World, settings: SettingsWrapper, visit: Visit
) -> None:
    open_visit(page, world, visit, base_url=live_server.url, settings=settings)
    count = page.locator(CONTROLS).count()
    assert count > 0
    faint = []
    for index in range(count):
        selector = f":is({CONTROLS}) >> nth={index}"
        page.locator(selector).evaluate("element => element.setAttribute('data-measured', '')")
        styles = page.evaluate(STYLES_OF, "[data-measured]")
        page.locator("[data-measured]").evaluate("element => element.removeAttribute('data-measured')")
        if contrast(styles["border"], styles["behind"]) < 3:
            faint.append(styles)
    assert faint == []


@pytest.mark.browser
def test_the_focus_ring_shows_on_everything_the_keyboard_reaches(
    page: Page, live_server: Any, world: World, settings: SettingsWrapper
) -> None:
    """Tab from the top of a lead's page through the navigation bar, the table and the buttons."""
    open_visit(
        page,
        world,
        Visit("surveys:detail", "alice", lambda world: [world.survey.pk]),
        base_url=live_server.url,
        settings=settings,
    )
    faint, reached = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        styles = page.evaluate(STYLES_OF, "")
        if styles["name"].startswith("body#"):
            break
        reached.append(styles["name"])
        visible = styles["outlineStyle"] != "none" and styles["outlineWidth"] >= 2
        if not visible or contrast(styles["outline"], styles["behind"]) < 3:
            faint.append(styles)
    assert len(reached) > 15
    assert faint == []
