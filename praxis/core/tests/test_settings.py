"""The environment helpers of config/settings.py fail loudly on values they do not understand."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("True", True), (" yes ", True), ("on", True),
    ("0", False), ("false", False), ("FALSE", False), ("no", False), ("off", False),
])
def test_env_bool_reads_the_usual_words(monkeypatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("PRAXIS_FLAG", value)
    assert env_bool("PRAXIS_FLAG") is expected


def test_env_bool_takes_the_default_when_unset_or_empty(monkeypatch) -> None:
    monkeypatch.delenv("PRAXIS_FLAG", raising=False)
    assert env_bool("PRAXIS_FLAG", default=True) is True
    monkeypatch.setenv("PRAXIS_FLAG", "")
    assert env_bool("PRAXIS_FLAG") is False


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "oui"])
def test_env_bool_refuses_what_it_does_not_understand(monkeypatch, value: str) -> None:
    monkeypatch.setenv("PRAXIS_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="PRAXIS_FLAG"):
        env_bool("PRAXIS_FLAG")


def test_env_int_reads_numbers_and_refuses_the_rest(monkeypatch) -> None:
    monkeypatch.setenv("PRAXIS_COUNT", " 42 ")
    assert env_int("PRAXIS_COUNT", 1) == 42
    monkeypatch.setenv("PRAXIS_COUNT", "")
    assert env_int("PRAXIS_COUNT", 7) == 7
    monkeypatch.setenv("PRAXIS_COUNT", "forty")
    with pytest.raises(ImproperlyConfigured, match="PRAXIS_COUNT"):
        env_int("PRAXIS_COUNT", 1)
