"""Organisational cases to their outcome, the privacy guard with the author's audited confirmation, discussions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from praxis.communities import services, tasks
from praxis.communities.models import Case, CaseOutcome
from praxis.content.models import Content, Theme
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.testing import make_community_member, make_member

from .factories import make_case, make_local_community, make_thread

pytestmark = pytest.mark.django_db

CASE = {"title": "Sorties d'hôpital du vendredi", "context": "Quartier nord.",
        "problem": "Les sorties du vendredi soir arrivent sans plan de soins.", "tried": "Un appel la veille."}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator():
    return make_member(first_name="Inès", last_name="Haddad")


@pytest.fixture
def community(facilitator):
    return make_local_community(facilitator=facilitator)


@pytest.fixture
def presenter(community):
    user = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, user)
    return user


def test_a_member_brings_a_case_and_an_outsider_cannot(community, presenter) -> None:
    case = services.case_create(actor=Actor(presenter), community=community, data=CASE, themes=[])
    assert case.author == presenter and case.status == Case.Status.OPEN
    with pytest.raises(PermissionDenied):
        services.case_create(actor=Actor(make_member()), community=community, data=CASE, themes=[])


def test_an_address_in_a_case_is_shown_and_saved_only_once_confirmed(community, presenter) -> None:
    data = {**CASE, "resources_used": "Le CPAS, rue de la Loi 16, nous a aidés."}
    with pytest.raises(services.PrivacyFindings) as error:
        services.case_create(actor=Actor(presenter), community=community, data=data, themes=[])
    assert error.value.confirmable
    assert error.value.findings == {"resources_used": [("a street address", "rue de la Loi 16")]}
    assert not Case.objects.exists()
    case = services.case_create(actor=Actor(presenter), community=community, data=data, themes=[], confirmed=True)
    entry = AuditEntry.objects.get(action="communities.privacy.confirmed")
    assert entry.actor == presenter and entry.target_id == str(case.pk)
    assert entry.data == {"fields": {"resources_used": ["address"]}}
    assert "rue de la Loi" not in str(entry.data)


def test_a_national_number_can_never_be_confirmed(community, presenter) -> None:
    data = {**CASE, "context": "Dossier 85.07.30-033.28 transmis trop tard."}
    with pytest.raises(services.PrivacyFindings) as error:
        services.case_create(actor=Actor(presenter), community=community, data=data, themes=[], confirmed=True)
    assert not error.value.confirmable
    assert not Case.objects.exists()


def test_comments_replies_and_recommendations_go_through_the_guard(community, facilitator, presenter) -> None:
    case = make_case(community, presenter)
    with pytest.raises(ValidationError):
        services.case_comment(actor=Actor(presenter), case=case, text="Écrivez à jean.dupont@gmail.com")
    with pytest.raises(ValidationError):
        services.recommendation_record(actor=Actor(facilitator), case=case, text="Appeler Mme Dubois née le 3 mai 1938")
    thread = make_thread(community, facilitator)
    with pytest.raises(ValidationError):
        services.reply_create(actor=Actor(presenter), thread=thread, body="Son numéro : 0475 12 34 56")
    assert not case.comments.exists() and not thread.replies.exists()


def test_only_facilitators_document_and_record_recommendations(community, facilitator, presenter) -> None:
    case = make_case(community, presenter)
    with pytest.raises(PermissionDenied):
        services.case_document(actor=Actor(presenter), case=case)
    services.recommendation_record(actor=Actor(facilitator), case=case, text="Un appel la veille de la sortie.")
    services.case_document(actor=Actor(facilitator), case=case)
    case.refresh_from_db()
    assert case.status == Case.Status.DOCUMENTED and case.documented_by == facilitator
    with pytest.raises(ValidationError):
        services.case_document(actor=Actor(facilitator), case=case)


def test_a_follow_up_in_the_past_is_refused(community, facilitator, presenter) -> None:
    case = make_case(community, presenter)
    with pytest.raises(ValidationError) as error:
        services.case_followup_schedule(actor=Actor(facilitator), case=case, due_on=timezone.localdate())
    assert "due_on" in error.value.message_dict


def test_the_presenter_is_asked_once_when_the_follow_up_is_due_and_answers(
    community, facilitator, presenter, django_capture_on_commit_callbacks,
) -> None:
    case = make_case(community, presenter)
    services.recommendation_record(actor=Actor(facilitator), case=case, text="Un appel la veille de la sortie.")
    services.case_followup_schedule(actor=Actor(facilitator), case=case,
                                    due_on=timezone.localdate() + timedelta(days=30))
    assert tasks.ask_due_followups() == 0
    Case.objects.filter(pk=case.pk).update(followup_due_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ask_due_followups() == 1
        assert tasks.ask_due_followups() == 0  # claimed: never asked twice
    [message] = mail.outbox
    assert message.to == [presenter.email]
    assert reverse("communities:case_outcome", args=[community.slug, case.pk]) in message.body
    with pytest.raises(PermissionDenied):
        services.outcome_record(actor=Actor(facilitator), case=case, data={"applied": "fully", "change": "better"})
    services.outcome_record(actor=Actor(presenter), case=case, data={
        "applied": "partly", "change": "better", "what_applied": "L'appel la veille, pas encore le plan écrit."})
    outcome = CaseOutcome.objects.get(case=case)
    assert outcome.get_applied_display() == "partly"


def test_a_presenter_who_left_cannot_answer_any_more(community, presenter) -> None:
    case = make_case(community, presenter)
    services.community_leave(actor=Actor(presenter), community=community)
    with pytest.raises(PermissionDenied):
        services.outcome_record(actor=Actor(presenter), case=case, data={"applied": "no", "change": "same"})


def test_a_documented_case_is_proposed_for_publication_through_the_normal_review(
    community, facilitator, presenter,
) -> None:
    case = make_case(community, presenter)
    case.themes.set([Theme.objects.first()])
    with pytest.raises(PermissionDenied):
        services.case_propose_publication(actor=Actor(facilitator), case=case)
    services.case_document(actor=Actor(facilitator), case=case)
    content = services.case_propose_publication(actor=Actor(facilitator), case=case)
    content.refresh_from_db()
    assert content.status == Content.Status.SUBMITTED and content.kind == Content.Kind.ARTICLE
    assert case.problem in content.body
    case.refresh_from_db()
    assert case.publication == content
    with pytest.raises(PermissionDenied):
        services.case_propose_publication(actor=Actor(facilitator), case=case)


def test_mentions_name_members_and_replies_move_the_thread_up(community, facilitator, presenter) -> None:
    thread = services.thread_create(actor=Actor(facilitator), community=community, title="Liaison",
                                    body="@Pieter Janssens, tu peux partager ton outil ? @Personne Inconnue")
    assert list(thread.mentions.all()) == [presenter]
    reply = services.reply_create(actor=Actor(presenter), thread=thread, body="Oui, @inès haddad, demain.")
    assert list(reply.mentions.all()) == [facilitator]
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_activity_at == reply.created_at


def test_a_case_is_not_found_for_someone_outside_the_community(client, community, presenter) -> None:
    case = make_case(community, presenter)
    client.force_login(make_member())
    assert client.get(reverse("communities:case", args=[community.slug, case.pk])).status_code == 404


def test_the_case_form_shows_what_was_found_and_keeps_the_text(client, community, presenter) -> None:
    client.force_login(presenter)
    url = reverse("communities:case_create", args=[community.slug])
    data = {**CASE, "roles_involved": "Écrire à coordination@example.org"}
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "coordination@example.org" in text and 'name="confirmed"' in text
    assert CASE["problem"] in text
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    assert Case.objects.filter(community=community).count() == 1


def test_the_case_page_shows_the_path_from_problem_to_outcome(client, community, facilitator, presenter) -> None:
    case = make_case(community, presenter)
    services.recommendation_record(actor=Actor(facilitator), case=case, text="Un appel la veille de la sortie.")
    services.outcome_record(actor=Actor(presenter), case=case, data={"applied": "fully", "change": "better"})
    client.force_login(facilitator)
    text = client.get(reverse("communities:case", args=[community.slug, case.pk])).content.decode()
    assert text.index(case.problem) < text.index("Un appel la veille") < text.index("la situation s\u2019est améliorée")
