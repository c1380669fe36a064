import pytest


@pytest.fixture(autouse=True)
def _english_pages(settings):
    """Assertions read the English source strings; one test per app checks the French rendering."""
    settings.LANGUAGE_CODE = "en"
