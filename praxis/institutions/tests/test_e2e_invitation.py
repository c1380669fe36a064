"""End to end in a real headless Chromium: an institution admin (with TOTP) invites a colleague by email, the colleague
opens the link on a phone and accepts; a second invitation to the same person is refused clearly; an expired link
shows a clear page; a declined invitation leaves no membership."""

import re
import time

import pytest
from django.core import mail

from praxis.institutions.models import Invitation
from praxis.testing import PASSWORD, make_institution_member, make_member, make_totp, totp_code

from .factories import make_invitation, make_listed_institution

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def sign_in(page, base: str, email: str, secret: str | None = None) -> None:
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if secret:
        page.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
        page.fill("input[name=code]", totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")


def test_an_admin_invites_a_colleague_who_accepts_on_a_phone(live_server, new_phone) -> None:
    base = live_server.url
    institution = make_listed_institution("Service d'aide à domicile de Namur", lat=50.4669, lon=4.8675,
                                          postal_code="5000", city="Namur")
    admin = make_member("direction@example.test", first_name="Isabelle", last_name="Collard")
    make_institution_member(institution, admin, "admin")
    secret = make_totp(admin)
    nurse = make_member("infirmiere@example.test", profession="nurse", first_name="Chloé", last_name="Marchal")

    # 1. The admin invites the nurse from the staff page.
    page = new_phone()
    sign_in(page, base, admin.email, secret)
    page.goto(f"{base}/annuaire/{institution.slug}/equipe/")
    page.fill("#invite-form input[name=email]", nurse.email)
    page.select_option("#invite-form select[name=role]", "staff")
    page.locator("#invite-form button[type=submit]").click()
    page.wait_for_url(f"{base}/annuaire/{institution.slug}/equipe/")
    assert nurse.email in page.content()
    [message] = mail.outbox
    assert message.to == [nurse.email]
    link = re.search(r"https?://\S+/annuaire/invitations/[^/\s]+/", message.body).group(0)
    path = link.split("/annuaire/", 1)[1]

    # 2. The nurse opens the link on her phone, signs in, and accepts.
    phone = new_phone()
    sign_in(phone, base, nurse.email)
    phone.goto(f"{base}/annuaire/{path}")
    assert institution.name in phone.locator("h1").inner_text()
    phone.locator("button[name=decision][value=accept]").click()
    phone.wait_for_url(f"{base}/annuaire/{institution.slug}/")
    assert institution.memberships.filter(user=nurse, role="staff").exists()
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED
    # The link was used: opening it again says so instead of failing.
    phone.goto(f"{base}/annuaire/{path}")
    assert phone.locator("h1").count() == 1

    # 3. Inviting her again is refused with a clear message, and what was typed stays.
    page.fill("#invite-form input[name=email]", nurse.email)
    page.locator("#invite-form button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator(".errorlist").first.inner_text()
    assert nurse.email in error
    assert page.locator("#invite-form input[name=email]").input_value() == nurse.email
    assert len(mail.outbox) == 1


def test_an_expired_link_and_a_declined_invitation(live_server, new_phone) -> None:
    base = live_server.url
    institution = make_listed_institution("Centre de santé mentale de Mons", postal_code="7000", city="Mons")
    nurse = make_member("infirmier@example.test", profession="nurse")
    expired = make_invitation(institution, nurse.email, expired=True)
    from praxis.institutions.services import invitation_token

    phone = new_phone()
    sign_in(phone, base, nurse.email)
    response = phone.goto(f"{base}/annuaire/invitations/{invitation_token(expired)}/")
    assert response.status == 410
    assert "expir" in phone.locator("h1").inner_text().lower()
    assert phone.locator("button[name=decision]").count() == 0

    Invitation.objects.filter(pk=expired.pk).update(status=Invitation.Status.REVOKED)
    fresh = make_invitation(institution, nurse.email)
    phone.goto(f"{base}/annuaire/invitations/{invitation_token(fresh)}/")
    phone.locator("button[name=decision][value=decline]").click()
    phone.wait_for_url(f"{base}/annuaire/mes-institutions/")
    time.sleep(0.1)
    assert Invitation.objects.get(pk=fresh.pk).status == Invitation.Status.DECLINED
    assert not institution.memberships.filter(user=nurse).exists()
