"""Deleting one's account, for every persona, after they published, organised, registered, asked and sent proofs.

What others rely on stays, shown as "Former member"; the rest goes; files go only once the deletion has committed,
and no row that stays ever points at a deleted file."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse

from praxis.accounts.models import FORMER_MEMBER_EMAIL, ProofDocument, User
from praxis.content.models import Content, VideoAsset
from praxis.content.tests.pages_factories import PDF_BYTES, make_content
from praxis.core.files import delete_on_commit
from praxis.discussions.models import Answer, Question
from praxis.events.models import Event, EventMessage, Material, Registration, SeminarPiece, WhitePaper
from praxis.events.tests.factories import make_event, make_piece, make_registration, make_white_paper
from praxis.institutions.models import Follow
from praxis.jobs.models import JobOffer
from praxis.jobs.tests.factories import make_offer
from praxis.testing import PASSWORD, PERSONA_NAMES, make_member

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
SIGNED_IN = [name for name in PERSONA_NAMES if name != "anonymous"]


def _capsule_with_video(author: User, status: str) -> Content:
    """A capsule whose processed outputs are in the storage (written here: FFmpeg is tested elsewhere)."""
    content = make_content(author, kind=Content.Kind.CAPSULE, status=status, body="")
    prefix = f"capsules/{content.pk}/abc"
    keys = {name: default_storage.save(f"{prefix}/{name}", ContentFile(b"data")) for name in
            ["master.m3u8", "video.mp4", "poster.jpg", "360p/index.m3u8", "360p/seg0.ts"]}
    source = default_storage.save(f"capsules/sources/{content.pk}/source.mp4", ContentFile(b"video"))
    VideoAsset.objects.create(
        content=content, status=VideoAsset.Status.READY, source_key=source, published_prefix=prefix,
        hls_master=keys["master.m3u8"], mp4=keys["video.mp4"], poster=keys["poster.jpg"],
    )
    return content


def _live(author: User, personas: SimpleNamespace, waiting: User, peer: User) -> SimpleNamespace:
    """Everything one member can leave behind."""
    published_doc = make_content(author, kind=Content.Kind.DOCUMENT)
    draft_doc = make_content(author, kind=Content.Kind.DOCUMENT, status=Content.Status.DRAFT)
    published_capsule = _capsule_with_video(author, Content.Status.PUBLISHED)
    draft_capsule = _capsule_with_video(author, Content.Status.IN_REVIEW)
    others = make_content(peer)
    answered = Question.objects.create(content=others, author=author, body="Quelle aiguille ?")
    Answer.objects.create(question=answered, author=peer, body="Une 21G.")
    unanswered = Question.objects.create(content=others, author=author, body="Et la dose ?")
    peer_question = Question.objects.create(content=others, author=peer, body="Quel pansement ?")
    answer = Answer.objects.create(question=peer_question, author=author, body="Un hydrocolloïde.")

    full = make_event(peer, title="Atelier complet", capacity=1)
    make_registration(full, author)
    make_registration(full, waiting, status=Registration.Status.WAITLISTED)
    organised = make_event(author, title="Atelier organisé par le membre")
    make_registration(organised, peer)
    EventMessage.objects.create(event=organised, author=author, subject="Salle", body="Salle 2.")
    material = Material(event=organised, title="Diapositives")
    material.file.save("slides.pdf", ContentFile(PDF), save=True)
    piece = make_piece(organised, author)
    piece.document.save("contribution.pdf", ContentFile(PDF), save=True)
    paper = make_white_paper(organised, author)
    offer = make_offer(personas.institution, author)
    Follow.objects.create(follower=peer, target_kind=Follow.Kind.MEMBER, target_id=author.pk)
    proof = ProofDocument(user=author, content_type="application/pdf", content_hash="0" * 64)
    proof.file.save("pdf", ContentFile(PDF), save=True)
    return SimpleNamespace(
        published_doc=published_doc, draft_doc=draft_doc, published_capsule=published_capsule,
        draft_capsule=draft_capsule, answered=answered, unanswered=unanswered, answer=answer, full=full,
        organised=organised, material=material, piece=piece, paper=paper, offer=offer, proof=proof,
    )


def _stored_files_of_rows() -> set[str]:
    """Every storage key a row of the database points at."""
    keys = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                keys |= {name for name in model._default_manager.values_list(field.name, flat=True) if name}
    for asset in VideoAsset.objects.all():
        keys |= {key for key in [asset.source_key, asset.hls_master, asset.mp4, asset.poster] if key}
    return keys


def _video_keys(content: Content) -> list[str]:
    asset = VideoAsset.objects.get(content=content)
    return [asset.source_key, asset.hls_master, asset.mp4, asset.poster]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_persona_deletes_their_account_after_publishing_organising_asking_and_sending_proofs(
    persona: str, personas, django_capture_on_commit_callbacks,
) -> None:
    member = personas.users[persona]
    waiting, peer = make_member("attente@example.test"), make_member("pair@example.test")
    if persona == "institution_admin":  # the last admin of an institution with staff names another one first
        personas.institution.memberships.create(user=peer, role="admin")
    left = _live(member, personas, waiting, peer)
    draft_files = [left.draft_doc.document.name, left.proof.file.name, *_video_keys(left.draft_capsule)]
    client = personas.client(persona)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.filter(pk=member.pk).exists()  # the request is recorded; the job does the erasure
    with django_capture_on_commit_callbacks(execute=False) as job_callbacks:
        for callback in callbacks:  # the job is sent once the request committed; it runs (immediate backend)
            callback()
        # Until the erasure commits, every file is still there.
        assert all(default_storage.exists(name) for name in draft_files)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in job_callbacks:
            callback()

    assert not User.objects.filter(pk=member.pk).exists()
    former = User.objects.get(email=FORMER_MEMBER_EMAIL)
    # Kept, detached from the person.
    for kept in [left.published_doc, left.published_capsule]:
        assert Content.objects.get(pk=kept.pk).author == former
    assert Question.objects.get(pk=left.answered.pk).author == former
    assert Answer.objects.get(pk=left.answer.pk).author == former
    assert Event.objects.get(pk=left.organised.pk).created_by == former
    assert EventMessage.objects.get(event=left.organised).author == former
    assert SeminarPiece.objects.get(pk=left.piece.pk).created_by == former
    assert WhitePaper.objects.get(pk=left.paper.pk).created_by == former
    assert JobOffer.objects.get(pk=left.offer.pk).posted_by == former
    # Gone with the person: work nobody else saw, the unanswered question, the proof, the seat (given on).
    assert not Content.objects.filter(pk__in=[left.draft_doc.pk, left.draft_capsule.pk]).exists()
    assert not Question.objects.filter(pk=left.unanswered.pk).exists()
    assert not ProofDocument.objects.filter(pk=left.proof.pk).exists()
    assert not Follow.objects.filter(target_kind=Follow.Kind.MEMBER, target_id=member.pk).exists()
    assert Registration.objects.get(event=left.full, user=waiting).status == Registration.Status.CONFIRMED
    # Files: those of deleted rows are gone, every row that stays still finds its file.
    assert not any(default_storage.exists(name) for name in draft_files)
    assert all(default_storage.exists(name) for name in _stored_files_of_rows())

    # The pages others read still work and say "Former member" (French first).
    reader = personas.client("outsider" if persona != "outsider" else "verified_gp")
    for url in [reverse("content:detail", args=[left.published_doc.pk, left.published_doc.slug]),
                reverse("events:detail", args=[left.organised.pk])]:
        page = reader.get(url)
        assert page.status_code == 200
        assert "Ancien membre" in page.content.decode()
    document = reader.get(reverse("content:document", args=[left.published_doc.pk]))
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF_BYTES


def test_the_former_member_cannot_sign_in_nor_receive_mail(personas, mailoutbox,
                                                            django_capture_on_commit_callbacks) -> None:
    client = personas.client("verified_gp")
    make_content(personas.verified_gp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    mailoutbox.clear()  # the message saying the erasure is done went to the member's own address
    former = User.objects.get(email=FORMER_MEMBER_EMAIL)
    assert not former.is_active and not former.has_usable_password()
    assert not client.login(email=FORMER_MEMBER_EMAIL, password="")
    from praxis.core.mail import send_templated

    assert not send_templated(to=former.email, template="accounts/email/verification_approved",
                              context={"member": former})
    assert mailoutbox == []


def test_a_file_scheduled_for_deletion_stays_when_the_transaction_rolls_back(
    db, django_capture_on_commit_callbacks,
) -> None:
    name = default_storage.save("proofs/test/rollback.pdf", ContentFile(PDF))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        delete_on_commit(name)
        raise RuntimeError("the deletion failed half-way")
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            delete_on_commit(name)
        assert default_storage.exists(name)  # committed only when the outer block ends
    assert not default_storage.exists(name)
