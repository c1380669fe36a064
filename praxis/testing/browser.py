"""Helpers for the browser tests (Playwright)."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Error as PlaywrightError


def wait_until_true(target: Any, expression: str, timeout: float = 10.0) -> None:
    """Wait until `expression` is truthy in the page or frame `target`.

    Playwright's `wait_for_function` re-evaluates a string predicate with `eval` inside the page while it polls, which
    the product's Content Security Policy (no 'unsafe-eval') refuses whenever the first check is false. `evaluate`
    goes through the DevTools protocol, which the CSP does not govern, so this polls it from Python instead. A
    document being replaced meanwhile (its execution context destroyed) counts as not yet.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if target.evaluate(expression):
                return
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)
