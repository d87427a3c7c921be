from playwright.sync_api import Page

from tests.conftest import PASSWORD


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
