"""End to end in a real headless Chromium: sign up, confirm the email, set up TOTP, get verified by a moderator
who signs in with TOTP, then sign in again with the second factor."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from praxis.accounts.models import User, VerificationStatus
from praxis.testing import PASSWORD, make_member, make_totp, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def fresh_code(secret: str, used: set[str]) -> str:
    """A TOTP code not used yet (allauth refuses a code twice), waiting for the next 30-second step if needed."""
    for _ in range(40):
        code = totp_code(secret)
        if code not in used:
            used.add(code)
            return code
        time.sleep(1)
    raise AssertionError("no fresh TOTP code")


def reach(page, pattern: re.Pattern[str]) -> None:
    """Wait for the page to reach a URL; if it does not, fail with the page it is on and what that page says (a
    failure seen once in CI, under load, said only "timeout")."""
    try:
        page.wait_for_url(pattern, timeout=60_000)
    except PlaywrightTimeout as timeout:
        text = page.locator("body").inner_text()[:3000]
        raise AssertionError(f"still on {page.url}:\n{text}") from timeout


def sign_in(page, base: str, email: str, secret: str | None, used: set[str]) -> None:
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD if secret is None or email != "aline@example.test" else "Geste-Sur-42!")
    page.locator("main form button[type=submit]").first.click()
    if secret:
        page.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
        page.fill("input[name=code]", fresh_code(secret, used))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")


def test_signup_verification_and_totp_login(live_server, new_phone) -> None:
    base = live_server.url
    moderator = make_member("moderatrice@example.test", is_moderator=True)
    moderator_secret = make_totp(moderator)
    used: set[str] = set()

    # 1. A GP registers from a phone.
    page = new_phone()
    page.goto(f"{base}/compte/signup/")
    assert page.title().startswith("Rejoindre Praxis")
    page.get_by_label("Prénom").fill("Aline")
    page.fill("input[name=last_name]", "Dewez")
    page.fill("input[name=email]", "aline@example.test")
    page.fill("input[name=password1]", "Geste-Sur-42!")
    page.fill("input[name=password2]", "Geste-Sur-42!")
    page.get_by_label("Profession :").select_option("gp")
    page.get_by_label("Pays d'exercice").select_option("BE")
    page.get_by_label("Numéro d'enregistrement professionnel").fill("1-08290-60-004")
    page.get_by_label("Code postal de votre lieu de pratique").fill("4430")
    page.get_by_label("Localité :").fill("Ans")
    page.get_by_label("Je m'inscris en tant que professionnel").check()
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    # A typing error in the number: the rule is named and nothing typed is lost.
    expect(page.get_by_text("Les chiffres de contrôle de ce numéro INAMI (60)")).to_be_visible()
    assert page.get_by_label("Localité :").input_value() == "Ans"
    page.get_by_label("Numéro d'enregistrement professionnel").fill("1-08290-59-004")
    page.fill("input[name=password1]", "Geste-Sur-42!")
    page.fill("input[name=password2]", "Geste-Sur-42!")
    page.get_by_role("button", name="Créer mon compte").click()
    reach(page, re.compile(r"/compte/confirm-email/$"))

    # 2. The email is confirmed with the link received.
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/compte/login/"))

    # 3. She signs in, sees that she awaits verification, and sets up an authenticator app.
    page.fill("input[name=login]", "aline@example.test")
    page.fill("input[name=password]", "Geste-Sur-42!")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_text("En attente de vérification")).to_be_visible()
    page.goto(f"{base}/compte/2fa/totp/activate/")
    # allauth asks for the password again before a second factor is added.
    page.wait_for_url(re.compile(r"/compte/reauthenticate/"))
    page.fill("input[name=password]", "Geste-Sur-42!")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/compte/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", fresh_code(secret, used))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/compte/2fa/"))
    assert User.objects.get(email="aline@example.test").authenticator_set.filter(type="totp").exists()

    # 4. The moderator signs in with her second factor and approves the number.
    desk = new_phone()
    sign_in(desk, base, moderator.email, moderator_secret, used)
    desk.goto(f"{base}/verification/")
    desk.get_by_role("link", name="Aline Dewez").click()
    expect(desk.get_by_text("10829059004")).to_be_visible()
    desk.get_by_label("Approuver : le numéro appartient bien à ce professionnel").check()
    desk.get_by_role("button", name="Enregistrer la décision").click()
    expect(desk.get_by_text("Aline Dewez est maintenant un professionnel vérifié.")).to_be_visible()
    member = User.objects.get(email="aline@example.test")
    assert member.verification_status == VerificationStatus.VERIFIED
    assert any("Votre statut professionnel est vérifié" in m.subject for m in mail.outbox)

    # 5. She signs in again, now with her own second factor, as a verified professional.
    page.context.clear_cookies()
    sign_in(page, base, "aline@example.test", secret, used)
    assert page.get_by_text("En attente de vérification").count() == 0
    page.goto(f"{base}/profil/")
    expect(page.get_by_text("Vérifié").first).to_be_visible()
