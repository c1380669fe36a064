"""Staff import by CSV: every line checked, errors per line in the user's language, preview then one transaction."""

from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praxis.institutions.models import Invitation
from praxis.learning.mandatory import services, staff_import
from praxis.learning.mandatory.models import Department, StaffAssignment, StaffMember
from praxis.testing import make_member

pytestmark = pytest.mark.django_db

GOOD = """Courriel;Prénom;Nom;Fonction;Service;Date d'entrée
anne.lambert@chu.test;Anne;Lambert;Infirmier;Urgences;01/03/2024
bruno.dumont@chu.test;Bruno;Dumont;physician;Cardiologie;
"""
BAD = GOOD + """pas-une-adresse;Chloé;Martin;Infirmier;Urgences;
anne.lambert@chu.test;Anne;Encore;Infirmier;Urgences;
denis@chu.test;;Petit;Astronaute;Urgences;32/13/2024
"""


def _upload(client, slug, text, name="personnel.csv"):
    return client.post(reverse("learning:staff_import", args=[slug]),
                       {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")})


def test_the_preview_reports_each_bad_line_in_french_and_saves_nothing(personas):
    client = personas.client("institution_admin")
    client.cookies["django_language"] = "fr"
    page = _upload(client, personas.institution.slug, BAD).content.decode()
    assert "2 lignes seront importées" in page
    assert "n\u2019est pas une adresse e-mail" in page
    assert "déjà à la ligne 2" in page
    assert "Profession inconnue" in page and "n\u2019est pas une date" in page
    assert "Urgences" in page and "Cardiologie" in page  # new departments announced
    assert not StaffMember.objects.exists() and not Department.objects.exists()


def test_the_preview_in_dutch(personas):
    client = personas.client("institution_admin")
    client.cookies["django_language"] = "nl"
    page = _upload(client, personas.institution.slug, BAD).content.decode()
    assert "Onbekend beroep" in page


def test_confirming_imports_the_valid_lines_links_members_and_invites_the_others(
        personas, django_capture_on_commit_callbacks):
    existing = make_member("bruno.dumont@chu.test")
    client = personas.client("institution_admin")
    preview = staff_import.read(BAD, personas.institution.pk)
    assert [row.line for row in preview.invalid_rows] == [4, 5, 6]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learning:staff_import", args=[personas.institution.slug]), {"staff_list": BAD})
    assert response.status_code == 302
    anne = StaffMember.objects.get(email="anne.lambert@chu.test")
    assert anne.profession == "nurse" and getattr(anne.department, "name", "") == "Urgences"
    assert str(anne.joined_on) == "2024-03-01"
    assert StaffMember.objects.get(email="bruno.dumont@chu.test").user == existing
    assert set(Invitation.objects.values_list("email", flat=True)) == {"anne.lambert@chu.test", "bruno.dumont@chu.test"}
    assert StaffMember.objects.count() == 2 and Department.objects.count() == 2
    assert len(mail.outbox) == 2


def test_nothing_is_half_imported_when_a_line_fails_while_writing(personas):
    from praxis.core.actor import Actor

    failing = mock.patch("praxis.institutions.services.invitation_send",
                         side_effect=[mock.DEFAULT, RuntimeError("boom")])
    with failing, pytest.raises(RuntimeError):
        services.staff_import_apply(actor=Actor(personas.institution_admin), institution=personas.institution,
                                    text=GOOD)
    assert not StaffMember.objects.exists() and not Department.objects.exists()


def test_a_second_import_updates_people_and_newcomers_get_the_automatic_assignments(personas):
    from praxis.core.actor import Actor
    from praxis.learning.mandatory import rules
    from praxis.learning.tests.factories import make_course

    admin = Actor(personas.institution_admin)
    services.staff_import_apply(actor=admin, institution=personas.institution, text=GOOD)
    urgences = Department.objects.get(name="Urgences")
    course = make_course(personas.institution, lessons=1)
    services.assignment_create(actor=admin, scope=rules.check_scope(admin, personas.institution.pk),
                               institution=personas.institution,
                               data={"course": course, "target": "department", "department": urgences,
                                     "due_days": 30, "auto_assign": True})
    assert StaffAssignment.objects.count() == 1
    moved = GOOD.replace("physician;Cardiologie", "physician;urgences") + "eva@chu.test;Eva;Noel;nurse;URGENCES;\n"
    result = services.staff_import_apply(actor=admin, institution=personas.institution, text=moved)
    assert (result.created, result.updated, result.departments) == (1, 2, 0)
    assert StaffAssignment.objects.count() == 3  # Bruno moved to the emergencies, Eva is new


def test_a_file_that_is_not_a_staff_list_is_refused_with_a_message(personas):
    client = personas.client("institution_admin")
    page = _upload(client, personas.institution.slug, "nom,age\nx,1\n").content.decode()
    assert "il manque : e-mail, prénom" in page
    binary = client.post(reverse("learning:staff_import", args=[personas.institution.slug]),
                         {"file": SimpleUploadedFile("x.csv", b"\x00\x01PK", content_type="text/csv")})
    assert "pas un fichier texte CSV" in binary.content.decode()
