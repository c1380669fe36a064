from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from praxis.content.models import Content
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.discussions import services as discussions
from praxis.institutions.models import Invitation
from praxis.notifications import registry, services
from praxis.notifications.models import Channel, Notification, Preference
from praxis.notifications.unsubscribe import UNSUBSCRIBE_SALT, read_unsubscribe_token, unsubscribe_token
from praxis.search.tests.factories import make_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(personas, django_capture_on_commit_callbacks):
    """The verified GP asked a question under public content; the outsider (a verified nurse) answers it."""
    content = make_content("Infiltration du genou", author=personas.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        question = discussions.question_ask(actor=Actor(personas.verified_gp), content=content,
                                            body="Quelle aiguille utiliser ?")
    return question


def test_an_answer_to_my_question_notifies_me_in_app(personas, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
    notification = Notification.objects.get(recipient=personas.verified_gp)
    assert notification.kind == "answers" and notification.is_unread
    assert "Infiltration du genou" in registry.message(notification)
    assert notification.url.endswith(f"#question-{asked.pk}")
    # The content author was told about the question itself.
    assert Notification.objects.filter(recipient=personas.reviewer, kind="questions").count() == 1


def test_my_own_answer_does_not_notify_me(personas, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        discussions.answer_post(actor=Actor(personas.verified_gp), question=asked, body="Je précise ma question.")
    assert not Notification.objects.filter(recipient=personas.verified_gp).exists()


def test_nobody_is_notified_about_content_they_may_no_longer_see(personas, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
    Notification.objects.all().delete()
    Content.objects.filter(pk=asked.content_id).update(visibility=Content.Visibility.COMMUNITY,
                                                         community=personas.community)
    entry = audit.log(personas.outsider, "discussions.answer.posted", answer, {})
    assert services.dispatch_entry(entry_id=entry.pk) == []


def test_an_accepted_answer_is_emailed_with_one_click_unsubscribe_headers(personas, asked,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.answer_toggle_accepted(actor=Actor(personas.verified_gp), answer=answer)
    assert Notification.objects.filter(recipient=personas.outsider, action="discussions.answer.accepted").exists()
    [message] = [m for m in mail.outbox if m.to == [personas.outsider.email]]
    assert "Infiltration du genou" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert (message.alternatives and "unsubscribe" in message.body.lower()) or "désabonn" in message.body.lower()


def test_emails_are_written_in_the_members_language(personas, asked, django_capture_on_commit_callbacks):
    personas.outsider.preferred_language = "nl"
    personas.outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        answer = discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
        discussions.answer_toggle_accepted(actor=Actor(personas.verified_gp), answer=answer)
    [message] = [m for m in mail.outbox if m.to == [personas.outsider.email]]
    assert "aanvaard" in message.subject


def test_turning_email_off_keeps_the_in_app_notification(personas, asked, django_capture_on_commit_callbacks):
    Preference.objects.create(user=personas.outsider, kind="answers", channel=Channel.EMAIL, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        answer = discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
        discussions.answer_toggle_accepted(actor=Actor(personas.verified_gp), answer=answer)
    assert Notification.objects.filter(recipient=personas.outsider).exists()
    assert not [m for m in mail.outbox if m.to == [personas.outsider.email]]


def test_turning_everything_off_creates_nothing(personas, asked, django_capture_on_commit_callbacks):
    for channel in Channel:
        Preference.objects.create(user=personas.verified_gp, kind="answers", channel=channel, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        discussions.answer_post(actor=Actor(personas.outsider), question=asked, body="Une aiguille 21G.")
    assert not Notification.objects.filter(recipient=personas.verified_gp).exists()


@pytest.mark.parametrize("action, words", [
    ("review.submission.approved", "published"), ("review.submission.changes_requested", "changes"),
    ("review.submission.rejected", "not accepted"),
])
def test_review_decisions_notify_the_author(personas, action, words):
    content = make_content("Pansement de brûlure", author=personas.verified_gp)
    entry = audit.log(personas.reviewer, action, content, {"submission": 1})
    [notification] = services.dispatch_entry(entry_id=entry.pk)
    assert notification.recipient == personas.verified_gp and notification.kind == "review"
    from django.utils import translation

    with translation.override("en"):
        assert words in registry.message(notification)
    assert services.dispatch_entry(entry_id=entry.pk) == []  # once per entry and recipient


def test_an_invitation_notifies_the_member_with_that_address(personas):
    invitation = Invitation.objects.create(institution=personas.institution, email=personas.outsider.email.upper(),
                                           invited_by=personas.institution_admin,
                                           expires_at=timezone.now() + timedelta(days=7))
    entry = audit.log(personas.institution_admin, "institutions.invitation.sent", invitation, {})
    [notification] = services.dispatch_entry(entry_id=entry.pk)
    assert notification.recipient == personas.outsider and notification.kind == "invitations"


def test_the_catch_up_dispatches_entries_missed_by_the_hook(personas):
    content = make_content("Pansement de brûlure", author=personas.verified_gp)
    audit.log(personas.reviewer, "review.submission.approved", content, {})
    assert services.catch_up() == 1
    assert services.catch_up() == 0


def test_unsubscribe_tokens_name_one_member_and_kind(personas):
    token = unsubscribe_token(personas.verified_gp, "digest")
    assert read_unsubscribe_token(token) == (personas.verified_gp, "digest")
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    forged = signing.dumps({"u": personas.verified_gp.pk, "k": "digest"}, salt="another-salt")
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(forged)
    unknown_kind = signing.dumps({"u": personas.verified_gp.pk, "k": "all"}, salt=UNSUBSCRIBE_SALT)
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(unknown_kind)


def test_unsubscribe_view_works_without_login_and_rejects_tampered_links(personas, client):
    token = unsubscribe_token(personas.verified_gp, "digest")
    url = reverse("notifications:unsubscribe", kwargs={"token": token})
    assert client.get(url).status_code == 200
    assert not Preference.objects.exists()  # a GET (link preview, scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user=personas.verified_gp, kind="digest", channel=Channel.EMAIL).enabled is False
    tampered = reverse("notifications:unsubscribe", kwargs={"token": token[:-3] + "xyz"})
    Preference.objects.all().delete()
    response = client.post(tampered)
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "pas valide" in response.content.decode()
    assert not Preference.objects.exists()
    assert client.put(url).status_code == 405
