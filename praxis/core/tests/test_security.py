"""Security defaults: headers on every page, and the production settings pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_with_a_nonce(client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "'nonce-" in script_src
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client) -> None:
    html = client.get("/compte/signup/").content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html and " onload=" not in html


def test_the_interface_is_french_by_default_and_offers_dutch_and_english(client) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html  # the skip link
    assert 'value="nl"' in html and 'value="en"' in html


def test_the_production_settings_pass_the_deployment_checks() -> None:
    env = {
        **os.environ, "PRAXIS_PRODUCTION": "1", "PRAXIS_TESTING": "0", "ALLOWED_HOSTS": "praxis.example",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdefghij",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/praxis-deploy-check.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**os.environ, "PRAXIS_PRODUCTION": "1", "PRAXIS_TESTING": "0", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "check"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_static_files_collect_for_production(production_static) -> None:
    """The manifest storage refuses a file that references a missing one (e.g. a vendored source map). The
    collection runs once per session (fixture in conftest.py), shared with the `make serve` test."""
    result = production_static.result
    assert result.returncode == 0, result.stdout + result.stderr
    assert (production_static.root / "staticfiles.json").exists()
