"""Privacy by construction, end to end: a member who used every part of Praxis gets all of it in their archive, and
after they delete their account nothing in the whole database names them.

The archive: asked over HTTP, built by the background job, linked by email, downloadable by its member only while it
is valid. The erasure: every persona, after using everything, then a search of every column of every table for their
email, names and professional number."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import DataExport, ProofDocument, User
from praxis.communities.models import (
    Attendance,
    CaseComment,
    CommunityInvitation,
    Reply,
    SurveyAnswer,
)
from praxis.content.models import Content, PlaybackPosition
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.cpd.models import Entry, Scheme, SchemeChoice
from praxis.discussions import services as discussions
from praxis.discussions.models import Answer, Bookmark, ContentVote, Playlist, PlaylistItem, Question
from praxis.events.models import CalendarFeed
from praxis.events.tests.factories import make_event, make_registration
from praxis.institutions.models import DirectoryProfile, Follow, Invitation
from praxis.jobs.models import JobMessage, SavedSearch
from praxis.jobs.tests.factories import make_offer
from praxis.learning.models import Enrolment
from praxis.learning.tests.factories import make_course
from praxis.notifications.models import Notification, Preference
from praxis.review.models import Flag
from praxis.testing import PASSWORD, PERSONA_NAMES, make_community_member, make_member

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
SIGNED_IN = [name for name in PERSONA_NAMES if name != "anonymous"]


def _make_identifiable(member: User, tag: str) -> SimpleNamespace:
    """Give the member identifiers found nowhere else, so that the scan can look for them."""
    email = f"zz-{tag}-quillebeuf@example.test"
    EmailAddress.objects.filter(user=member).update(email=email)
    User.objects.filter(pk=member.pk).update(email=email, first_name="Zéphyrine", last_name=f"Quillebeuf{tag}")
    member.refresh_from_db()
    return SimpleNamespace(email=email, first_name="Zéphyrine", last_name=f"Quillebeuf{tag}",
                           number=member.registration_number)


def _use_everything(member: User, personas: SimpleNamespace) -> SimpleNamespace:
    """What one member can leave in every app: content, questions, events, jobs, communities, learning, CPD,
    directory, notifications, proofs."""
    peer = make_member("pair-privacy@example.test", first_name="Paul", last_name="Pair")
    actor = Actor(member)
    # content, discussions, review
    published = make_content(member, kind=Content.Kind.DOCUMENT, coi_statement="Aucun lien.")
    published.document.save("doc.pdf", ContentFile(PDF), save=True)
    others = make_content(peer, title="Pièce du pair")
    PlaybackPosition.objects.create(user=member, content=others, seconds=42)
    peer_question = discussions.question_ask(actor=Actor(peer), content=published, body="Et la dose exacte ?")
    if member.is_verified_professional:  # through the service: the peer is notified, with the member's name
        question = discussions.question_ask(actor=actor, content=others, body="Quelle aiguille utiliser ?")
        discussions.answer_post(actor=actor, question=peer_question, body="Une dose adaptée au poids.")
    else:  # members not yet verified cannot post: the same rows, as if they had been verified then
        question = Question.objects.create(content=others, author=member, body="Quelle aiguille utiliser ?")
        Answer.objects.create(question=peer_question, author=member, body="Une dose adaptée au poids.")
    # What the answer's notification holds (built after the commit): the member's name, for the peer.
    Notification.objects.create(recipient=peer, kind="answers", action="discussions.answer.posted",
                                actor=member, data={"title": published.title, "actor": member.get_full_name()})
    ContentVote.objects.create(user=member, content=others)
    Bookmark.objects.create(user=member, content=others)
    playlist = Playlist.objects.create(owner=member, name="À revoir")
    PlaylistItem.objects.create(playlist=playlist, content=others, position=1)
    Flag.objects.create(content=others, reporter=member, reason=Flag.Reason.INACCURATE, text="Dose à vérifier.")
    # events
    event = make_event(peer, title="Atelier plaies")
    make_registration(event, member)
    organised = make_event(member, title="Atelier organisé")
    CalendarFeed.objects.create(user=member, token=f"feed-{member.pk}")
    # jobs
    offer = make_offer(personas.institution, peer)
    JobMessage.objects.create(offer=offer, sender=member, body="Le poste est-il à temps plein ?")
    SavedSearch.objects.create(user=member, name="Nuit à Liège", filters={"city": "Liège"})
    # institutions and directory
    DirectoryProfile.objects.create(user=member, is_listed=True, bio="Médecin généraliste à Liège.")
    Follow.objects.create(follower=member, target_kind=Follow.Kind.INSTITUTION, target_id=personas.institution.pk)
    Follow.objects.create(follower=peer, target_kind=Follow.Kind.MEMBER, target_id=member.pk)
    Invitation.objects.create(institution=personas.institution, email=member.email, role="staff",
                              expires_at=timezone.now() + timedelta(days=14))
    # communities
    community = personas.community
    if not community.memberships.filter(user=member).exists():
        make_community_member(community, member)
    from praxis.communities.tests.factories import make_case, make_meeting, make_thread

    case = make_case(community, member)
    CaseComment.objects.create(case=case, author=member, text="La liaison manque le vendredi.")
    thread = make_thread(community, member)
    Reply.objects.create(thread=thread, author=member, body="Nous utilisons une fiche papier.")
    meeting = make_meeting(community, member)
    Attendance.objects.create(meeting=meeting, user=member, present=True)
    SurveyAnswer.objects.create(meeting=meeting, user=member, usefulness=4, will_apply="La fiche de liaison.")
    CommunityInvitation.objects.create(community=community, email=member.email,
                                       expires_at=timezone.now() + timedelta(days=14))
    # learning and CPD
    course = make_course(lessons=1)
    Enrolment.objects.create(course=course, user=member)
    entry = Entry.objects.create(member=member, origin=Entry.Origin.DECLARED, source_key="declared:1",
                                 title="Lecture", date=timezone.localdate(), hours=1, points=1,
                                 activity_type=Entry.ActivityType.DECLARED)
    entry.proof.save("attestation.pdf", ContentFile(PDF), save=True)
    SchemeChoice.objects.create(member=member, scheme=Scheme.values[0], anchor=timezone.localdate())
    from praxis.cpd.tests.factories import make_attestation

    make_attestation(member)
    # learning: the member on their institution's staff list for mandatory training (imported with their name and
    # address), their progress in a lesson
    from praxis.learning.mandatory.models import StaffMember
    from praxis.learning.models import LessonProgress
    from praxis.learning.tests.factories import make_text_lesson

    StaffMember.objects.create(institution=personas.institution, user=member, email=member.email,
                               first_name=member.first_name, last_name=member.last_name)
    LessonProgress.objects.create(enrolment=Enrolment.objects.get(course=course, user=member),
                                  lesson=make_text_lesson(course))
    # prevention: a toolbox the member made; API: a personal access token
    from praxis.api.models import AccessToken
    from praxis.prevention.tests.factories import make_toolbox

    make_toolbox(personas.institution, created_by=member, title="Boîte de la personne")
    AccessToken.objects.create(user=member, name="Script du cabinet", scopes=["read"],
                               token_hash=f"{member.pk:064d}", hint="pxa_0000")
    # notifications
    Preference.objects.create(user=member, kind="answers", channel="email", enabled=False)
    # accounts
    proof = ProofDocument(user=member, content_type="application/pdf", content_hash="0" * 64,
                          original_name="carte.pdf")
    proof.file.save("pdf", ContentFile(PDF), save=True)
    return SimpleNamespace(peer=peer, published=published, question=question, event=event, organised=organised,
                           offer=offer, case=case, course=course)


def _archive(client, django_capture_on_commit_callbacks) -> zipfile.ZipFile:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:export"))
    assert response.status_code == 302
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/parametres/mes-donnees/" in line)
    download = client.get(urlparse(link.strip()).path)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_the_archive_holds_what_every_app_keeps_about_the_member(personas, django_capture_on_commit_callbacks):
    member = personas.verified_gp
    _use_everything(member, personas)
    archive = _archive(personas.client("verified_gp"), django_capture_on_commit_callbacks)

    names = set(archive.namelist())
    for app in ["core", "accounts", "institutions", "communities", "content", "review", "discussions", "cpd",
                "events", "learning", "jobs", "notifications"]:
        assert f"{app}.json" in names, app
    data = {name[:-5]: json.loads(archive.read(name)) for name in names if name.endswith(".json")}
    assert data["accounts"]["profile"]["email"] == member.email
    assert data["accounts"]["profile"]["registration_number"] == member.registration_number
    assert len(data["content"]["contents"]) == 1 and len(data["content"]["playback_positions"]) == 1
    assert len(data["discussions"]["questions"]) == 1 and len(data["discussions"]["answers"]) == 1
    assert len(data["discussions"]["bookmarks"]) == 1 and data["discussions"]["playlists"][0]["name"] == "À revoir"
    assert len(data["events"]["registrations"]) == 1 and len(data["events"]["events_created"]) == 1
    assert len(data["jobs"]["messages"]) == 1 and len(data["jobs"]["saved_searches"]) == 1
    assert data["institutions"]["directory_profile"]["bio"] == "Médecin généraliste à Liège."
    assert len(data["institutions"]["follows"]) == 1 and len(data["institutions"]["invitations_received"]) == 1
    assert len(data["communities"]["cases"]) == 1 and len(data["communities"]["survey_answers"]) == 1
    assert len(data["learning"]["enrolments"]) == 1
    assert len(data["cpd"]["entries"]) >= 1 and len(data["cpd"]["attestations"]) == 1
    assert len(data["review"]["flags"]) == 1
    assert len(data["notifications"]["preferences"]) == 1
    # Dates in ISO 8601.
    assert datetime_iso(data["events"]["registrations"][0]["queued_at"])
    # The member's own files, and a README in their language.
    assert {"files/accounts/", "files/cpd/", "files/content/"} <= {name[:name.index("/", 6) + 1] for name in names
                                                                 if name.startswith("files/")}
    assert any(archive.read(name) == PDF for name in names if name.startswith("files/accounts/"))
    readme = archive.read("README.txt").decode()
    assert "Vos données sur Praxis" in readme and "accounts.json" in readme


def datetime_iso(value: str) -> bool:
    from datetime import datetime

    return datetime.fromisoformat(value) is not None


def test_the_readme_follows_the_member_s_language(personas, django_capture_on_commit_callbacks):
    User.objects.filter(pk=personas.verified_gp.pk).update(preferred_language="nl")
    archive = _archive(personas.client("verified_gp"), django_capture_on_commit_callbacks)
    assert "Uw gegevens op Praxis" in archive.read("README.txt").decode()


def test_an_archive_asked_twice_is_one_job(personas):
    client = personas.client("verified_gp")
    client.post(reverse("accounts:export"))
    client.post(reverse("accounts:export"))
    assert DataExport.objects.filter(member=personas.verified_gp).count() == 1


def test_a_link_opened_by_someone_else_or_after_expiry_is_not_found(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        personas.client("verified_gp").post(reverse("accounts:export"))
    export = DataExport.objects.get(member=personas.verified_gp)
    assert export.status == DataExport.Status.READY
    url = reverse("accounts:export_download", args=[export.token])
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("platform_admin").get(url).status_code == 404
    assert personas.client("verified_gp").get(url).status_code == 200
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert personas.client("verified_gp").get(url).status_code == 404


def _text_columns() -> list[tuple[str, str]]:
    """Every (table, column) of the database, whatever its type: identifiers may hide in JSON or in odd places."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                found.append((table, column.name))
    return found


def _where_found(needles: list[str]) -> list[str]:
    found = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for needle in needles:
                # Table and column names come from the introspection, quoted.
                sql = f"SELECT COUNT(*) FROM {qn(table)} WHERE LOWER(CAST({qn(column)} AS TEXT)) LIKE %s"  # noqa: S608
                cursor.execute(sql, [f"%{needle.lower()}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {needle}")
    return found


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_persona_is_erased_after_using_everything_and_the_database_no_longer_names_them(
    persona: str, personas, django_capture_on_commit_callbacks,
) -> None:
    member = personas.users[persona]
    if persona == "institution_admin":  # the last admin of an institution with staff names another one first
        other = make_member("second-admin@example.test")
        personas.institution.memberships.create(user=other, role="admin")
    ids = _make_identifiable(member, persona.replace("_", ""))
    left = _use_everything(member, personas)
    needles = [ids.email, ids.last_name, ids.number]
    from praxis.search.services import rebuild

    rebuild()  # the search index holds what the member wrote too (its rows are scanned with the rest)
    assert set(_where_found(needles)), "the scan must see the member before the erasure"
    client = personas.client(persona)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302, response.content[:3000]

    assert _where_found(needles) == []
    # What others rely on is still there.
    assert Content.objects.filter(pk=left.published.pk).exists()
    assert Notification.objects.get(recipient=left.peer).data["actor"] == "Ancien membre"
    assert AuditEntry.objects.filter(action="accounts.member.deleted").exists()


def test_the_last_administrator_of_an_institution_with_staff_is_told_to_name_another_first(personas):
    response = personas.client("institution_admin").post(
        reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "dernier administrateur" in response.content.decode()
    assert User.objects.filter(pk=personas.institution_admin.pk).exists()
