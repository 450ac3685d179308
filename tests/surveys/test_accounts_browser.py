import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.support.browser import sign_up

pytestmark = pytest.mark.browser


def test_it_signs_up_logs_out_and_logs_in_again(browser_page: Page) -> None:
    page = browser_page
    sign_up(page, username="dana", organization="Dana's ML team", password=PASSWORD)
    expect(page.get_by_text("Welcome to Faultline")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Faultline")).to_be_visible()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Surveys")).to_be_visible()
