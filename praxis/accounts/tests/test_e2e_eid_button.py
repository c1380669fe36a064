"""In Chromium, at phone size and in French: the Pro Santé Connect button on the sign-in page, the provider's page,
the sign-up pre-filled from the claims, then the member's e-IDs page."""

import os
import re

import pytest
from playwright.sync_api import expect

from praxis.accounts.eid.presets import form_action_origins
from praxis.accounts.models import User, VerificationStatus

from .eid_mocks import RPPS, eid_environ, providers_setting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_pro_sante_connect_button_signs_up_a_verified_gp(live_server, phone, settings, psc_mock) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(
        eid_environ("psc", psc_mock, scopes="openid,scope_all,profile,email"), ids="psc"
    )
    # As config/settings.py does for configured providers: the redirect after the form goes to the provider.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [
        *settings.SECURE_CSP["form-action"], *form_action_origins(settings.SOCIALACCOUNT_PROVIDERS["eid"]["APPS"], [])]}
    base = live_server.url
    page = phone
    page.goto(f"{base}/compte/login/")
    button = page.get_by_role("button", name="Se connecter avec Pro Santé Connect")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 24  # target size
    button.click()

    page.wait_for_url(re.compile(re.escape(psc_mock.url) + r"/oauth2/authorize"))
    page.get_by_role("button", name="Authorize as psc-claire").click()

    page.wait_for_url(re.compile(r"/compte/3rdparty/signup/"))
    assert page.get_by_label("Numéro d'enregistrement professionnel").input_value() == RPPS
    page.get_by_label("Code postal de votre lieu de pratique").fill("75011")
    page.get_by_label("Localité :").fill("Paris")
    page.get_by_label("Je m'inscris en tant que professionnel").check()
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(f"{base}/")

    member = User.objects.get(email="claire.martin@example.fr")
    assert member.verification_status == VerificationStatus.VERIFIED

    page.goto(f"{base}/parametres/identites/")
    expect(page.get_by_role("heading", name="Mes e-ID")).to_be_visible()
    expect(page.get_by_text("Pro Santé Connect").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("PRAXIS_SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["PRAXIS_SCREENSHOT_DIR"], "eid-identities.png"), full_page=True)
