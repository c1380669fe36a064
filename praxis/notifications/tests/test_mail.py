"""Emails about what a member follows honour their preferences and carry a one-click unsubscribe link."""

import pytest
from django.core import mail

from praxis.core.mail import send_templated
from praxis.notifications.mail import send_member_email
from praxis.notifications.models import Channel, Preference

pytestmark = pytest.mark.django_db


def send(member):
    return send_member_email(template="accounts/email/verification_approved", context={"member": member},
                             language="fr", member=member, kind="events")


def test_a_notification_email_has_rfc_8058_one_click_unsubscribe_headers(verified_gp, client) -> None:
    assert send(verified_gp) is True
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The mail client POSTs to the link without any login; the member's choice is recorded.
    response = client.post(link.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", ""),
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code in {200, 302}
    assert Preference.objects.get(user=verified_gp, kind="events", channel=Channel.EMAIL).enabled is False
    assert send(verified_gp) is False
    assert len(mail.outbox) == 1


def test_an_account_email_without_a_kind_is_always_sent(verified_gp) -> None:
    Preference.objects.create(user=verified_gp, kind="events", channel=Channel.EMAIL, enabled=False)
    assert send_templated(to=verified_gp.email, template="accounts/email/verification_approved",
                          context={"member": verified_gp}, language="fr") is True
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
