"""The workflow's transitions: what each one changes, records and sends."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from praxis.content.models import Content
from praxis.content.services import content_revision_create
from praxis.core import audit
from praxis.core.actor import Actor

from .. import services
from ..models import Flag, Submission
from .factories import ALL_CHECKED, make_competence, make_content, make_flag, make_submission, make_theme


@pytest.fixture
def theme(personas):
    theme = make_theme()
    make_competence(personas.reviewer, theme)
    return theme


def actions(content: Content) -> list[str]:
    return list(audit.history(content).values_list("action", flat=True))


def test_submitting_a_draft_opens_a_submission_and_records_it(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    submission = services.submission_submit(actor=Actor(personas.verified_gp), content=content)
    content.refresh_from_db()
    assert content.status == Content.Status.SUBMITTED
    assert submission.is_open and submission.reviewer is None
    entry = audit.history(content).get()
    assert entry.action == "review.submission.submitted"
    assert entry.data == {"submission": submission.pk, "from": "draft", "revision_of": None, "version": 1}


def test_a_patient_identifier_blocks_the_submission_with_a_clear_message(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme],
                           summary="Cas de Mme Dupont née le 12/03/1950, suivie à domicile.")
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=Actor(personas.verified_gp), content=content)
    assert "summary" in error.value.message_dict
    assert "12/03/1950" in error.value.message_dict["summary"][0]
    content.refresh_from_db()
    assert content.status == Content.Status.DRAFT
    assert not Submission.objects.filter(content=content).exists()


def test_someone_else_cannot_submit_the_authors_draft(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=Actor(personas.outsider), content=content)


def test_claiming_puts_the_content_in_review_and_out_of_other_queues(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme)
    services.submission_claim(actor=Actor(personas.reviewer), submission=submission)
    submission.refresh_from_db()
    assert submission.reviewer == personas.reviewer
    assert submission.content.status == Content.Status.IN_REVIEW
    assert actions(submission.content)[0] == "review.submission.claimed"
    with pytest.raises(PermissionDenied):  # a second claim
        services.submission_claim(actor=Actor(personas.reviewer), submission=submission)


def test_reviewer_cannot_claim_own_content(personas, theme) -> None:
    submission = make_submission(personas.reviewer, theme)
    with pytest.raises(PermissionDenied):
        services.submission_claim(actor=Actor(personas.reviewer), submission=submission)


def test_releasing_hands_the_submission_back(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    services.submission_release(actor=Actor(personas.reviewer), submission=submission)
    submission.refresh_from_db()
    assert submission.reviewer is None and submission.content.status == Content.Status.SUBMITTED


def test_approving_publishes_records_the_checklist_and_emails_the_author(
    personas, theme, django_capture_on_commit_callbacks
) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(actor=Actor(personas.reviewer), submission=submission, checklist=ALL_CHECKED,
                                    comments="Très clair.")
    content = Content.objects.get(pk=submission.content_id)
    assert content.status == Content.Status.PUBLISHED
    assert content.published_at and content.reviewed_by == personas.reviewer and content.reviewed_at
    submission.refresh_from_db()
    assert submission.decision == "approved" and all(submission.checklist.values())
    entry = audit.history(content).first()
    assert entry.action == "review.submission.approved" and entry.data["checklist"] == ALL_CHECKED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.verified_gp.email]
    assert content.title in mail.outbox[0].subject


def test_approval_requires_every_check(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    checklist = {**ALL_CHECKED, "check_consent": False}
    with pytest.raises(ValidationError) as error:
        services.submission_approve(actor=Actor(personas.reviewer), submission=submission, checklist=checklist)
    assert list(error.value.message_dict) == ["check_consent"]
    assert Content.objects.get(pk=submission.content_id).status == Content.Status.IN_REVIEW


def test_requesting_changes_needs_comments_and_sends_them(
    personas, theme, django_capture_on_commit_callbacks
) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    with pytest.raises(ValidationError):
        services.submission_request_changes(actor=Actor(personas.reviewer), submission=submission, checklist={},
                                            comments="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_request_changes(actor=Actor(personas.reviewer), submission=submission,
                                            checklist={"check_accuracy": True}, comments="Citez la source HAS.")
    content = Content.objects.get(pk=submission.content_id)
    assert content.status == Content.Status.CHANGES_REQUESTED
    assert "Citez la source HAS." in mail.outbox[0].body
    # The author edits and submits again: a new round opens.
    again = services.submission_submit(actor=Actor(personas.verified_gp), content=content)
    assert again.pk != submission.pk and again.is_open


def test_rejecting_records_the_reason(personas, theme, django_capture_on_commit_callbacks) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_reject(actor=Actor(personas.reviewer), submission=submission, checklist={},
                                   comments="Publicité pour un dispositif.")
    content = Content.objects.get(pk=submission.content_id)
    assert content.status == Content.Status.REJECTED
    assert audit.history(content).first().data["comments"] == "Publicité pour un dispositif."
    assert "Publicité pour un dispositif." in mail.outbox[0].body


def test_only_the_claiming_reviewer_decides(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    for name in ["verified_gp", "moderator", "platform_admin", "outsider"]:
        with pytest.raises(PermissionDenied):
            services.submission_approve(actor=Actor(personas.users[name]), submission=submission,
                                        checklist=ALL_CHECKED)


def test_approving_a_revision_merges_it_into_the_original(personas, theme) -> None:
    author = Actor(personas.verified_gp)
    original = make_content(personas.verified_gp, themes=[theme], title="Infiltration du genou")
    other_theme = make_theme("Médecine du sport")
    make_competence(personas.reviewer, other_theme)
    revision = content_revision_create(actor=author, content=original, data={
        "title": "Infiltration du genou (mise à jour 2026)", "summary": "Nouvelle voie d'abord.",
        "themes": [theme, other_theme],
    })
    assert revision.revision_of == original and revision.status == Content.Status.DRAFT
    submission = services.submission_submit(actor=author, content=revision)
    services.submission_claim(actor=Actor(personas.reviewer), submission=submission)
    published = services.submission_approve(actor=Actor(personas.reviewer), submission=submission,
                                            checklist=ALL_CHECKED)
    original.refresh_from_db()
    revision.refresh_from_db()
    assert published.pk == original.pk
    assert original.title == "Infiltration du genou (mise à jour 2026)"
    assert original.summary == "Nouvelle voie d'abord."
    assert set(original.themes.all()) == {theme, other_theme}
    assert original.status == Content.Status.PUBLISHED and original.version == 2
    assert original.reviewed_by == personas.reviewer
    assert revision.status == Content.Status.SUPERSEDED


def test_a_rejected_revision_leaves_the_original_online(personas, theme) -> None:
    original = make_content(personas.verified_gp, themes=[theme], title="Version en ligne")
    revision = content_revision_create(actor=Actor(personas.verified_gp), content=original,
                                       data={"title": "Version refusée"})
    submission = services.submission_submit(actor=Actor(personas.verified_gp), content=revision)
    services.submission_claim(actor=Actor(personas.reviewer), submission=submission)
    services.submission_reject(actor=Actor(personas.reviewer), submission=submission, checklist={},
                               comments="Moins précis que la version actuelle.")
    original.refresh_from_db()
    assert original.title == "Version en ligne" and original.status == Content.Status.PUBLISHED


def test_a_flag_lands_once_per_member(personas, theme) -> None:
    content = make_content(personas.verified_gp, themes=[theme])
    first = services.flag_create(actor=Actor(personas.outsider), content=content, reason=Flag.Reason.ADVERTISING)
    second = services.flag_create(actor=Actor(personas.outsider), content=content, reason=Flag.Reason.OTHER,
                                  text="encore")
    assert first.pk == second.pk
    assert actions(content) == ["review.flag.created"]


def test_unpublishing_closes_the_flags_and_emails_the_reason(
    personas, theme, django_capture_on_commit_callbacks
) -> None:
    content = make_content(personas.verified_gp, themes=[theme])
    flag = make_flag(content, personas.outsider, Flag.Reason.PATIENT_PRIVACY)
    with django_capture_on_commit_callbacks(execute=True):
        services.content_unpublish(actor=Actor(personas.moderator), content=content,
                                   reason="Le visage du patient est reconnaissable.")
    content.refresh_from_db()
    flag.refresh_from_db()
    assert content.status == Content.Status.UNPUBLISHED
    assert flag.status == Flag.Status.UPHELD and flag.handled_by == personas.moderator
    entry = audit.history(content).first()
    assert entry.action == "review.content.unpublished" and entry.data["flags"] == [flag.pk]
    assert "Le visage du patient est reconnaissable." in mail.outbox[0].body


def test_dismissing_a_flag_records_who_did_it(personas, theme) -> None:
    content = make_content(personas.verified_gp, themes=[theme])
    flag = make_flag(content, personas.outsider)
    services.flag_dismiss(actor=Actor(personas.moderator), flag=flag, note="Source vérifiée.")
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED and flag.resolution == "Source vérifiée."
    with pytest.raises(PermissionDenied):
        services.flag_dismiss(actor=Actor(personas.reviewer), flag=make_flag(content, personas.facilitator))


def test_only_platform_admins_set_reviewer_themes(personas, theme) -> None:
    other = make_theme("Gériatrie")
    services.reviewer_set_themes(actor=Actor(personas.platform_admin), reviewer=personas.reviewer,
                                 themes=[other])
    assert list(personas.reviewer.review_themes.values_list("theme", flat=True)) == [other.pk]
    with pytest.raises(PermissionDenied):
        services.reviewer_set_themes(actor=Actor(personas.moderator), reviewer=personas.reviewer, themes=[])


def test_the_original_keeps_its_questions_and_url_after_a_merge(personas, theme) -> None:
    from praxis.content.selectors import content_url
    from praxis.discussions.models import Question

    original = make_content(personas.verified_gp, themes=[theme], title="Ponction d'ascite")
    question = Question.objects.create(content=original, author=personas.outsider, body="Quel calibre ?")
    revision = content_revision_create(actor=Actor(personas.verified_gp), content=original,
                                       data={"summary": "Résumé revu."})
    submission = services.submission_submit(actor=Actor(personas.verified_gp), content=revision)
    services.submission_claim(actor=Actor(personas.reviewer), submission=submission)
    services.submission_approve(actor=Actor(personas.reviewer), submission=submission, checklist=ALL_CHECKED)
    original.refresh_from_db()
    assert original.summary == "Résumé revu."
    assert list(original.questions.all()) == [question]
    html = personas.client("outsider").get(content_url(original)).content.decode()
    assert "Quel calibre ?" in html and f'id="question-{question.pk}"' in html
