"""The e-ID tests' providers: started once per session and shared (each is a real OpenID Connect server)."""

from collections.abc import Iterator
from datetime import timedelta

import pytest

from .eid_mocks import HIN_USERS, IAM_USERS, PSC_USERS, MockProvider, mock_provider  # mock imported lazily


@pytest.fixture(scope="session")
def psc_mock() -> Iterator[MockProvider]:
    with mock_provider(PSC_USERS) as mock:
        yield mock


@pytest.fixture(scope="session")
def iam_mock() -> Iterator[MockProvider]:
    with mock_provider(IAM_USERS) as mock:
        yield mock


@pytest.fixture(scope="session")
def hin_mock() -> Iterator[MockProvider]:
    with mock_provider(HIN_USERS) as mock:
        yield mock


@pytest.fixture(scope="session")
def expired_mock() -> Iterator[MockProvider]:
    """A provider whose ID tokens expired a minute before they are issued."""
    with mock_provider(PSC_USERS, access_token_max_age=timedelta(seconds=-60)) as mock:
        yield mock


@pytest.fixture
def tamper_reset(psc_mock: MockProvider) -> Iterator[MockProvider]:
    yield psc_mock
    psc_mock.tamper.mode = None
