import pytest


@pytest.fixture(scope="session")
def phone_browser(browser):
    """The session's one headless Chromium (root conftest); each test opens its own context. A second Playwright
    started in the same session would refuse to run next to the first."""
    return browser
