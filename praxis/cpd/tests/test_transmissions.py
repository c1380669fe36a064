"""An organiser imports the attendance list of an activity held elsewhere (CSV of professional numbers)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from praxis.core.models import AuditEntry
from praxis.cpd.models import Entry, Transmission
from praxis.testing import make_member, valid_inami

pytestmark = pytest.mark.django_db
FR = {"Accept-Language": "fr"}


def _post(personas, csv_text: str, **overrides):
    data = {"institution": personas.institution.pk, "title": "Dodécagone : la BPCO", "date": "2026-10-01",
            "hours": "2", "points": "2", "rubric": "general", "reference": "ACC-7",
            "attendance": SimpleUploadedFile("liste.csv", csv_text.encode(), content_type="text/csv")}
    data.update(overrides)
    return personas.client("institution_admin").post("/formation-continue/transmettre/", data, headers=FR)


def test_matched_members_get_a_transmitted_entry(personas):
    gp, nurse = personas.verified_gp, personas.outsider
    formatted = f"{gp.registration_number[:1]}-{gp.registration_number[1:6]}-{gp.registration_number[6:8]}-" \
                f"{gp.registration_number[8:]}"
    response = _post(personas, f"numéro;nom\n{formatted};{gp.last_name}\n{nurse.registration_number};Autre\n")
    assert response.status_code == 302
    entries = Entry.objects.order_by("member_id")
    assert [(e.member_id, e.origin, e.organiser) for e in entries] == [
        (gp.pk, "transmitted", personas.institution.name), (nurse.pk, "transmitted", personas.institution.name)]
    assert entries[0].date == date(2026, 10, 1) and entries[0].points == 2 and entries[0].reference == "ACC-7"
    assert Transmission.objects.get().members == 2
    assert AuditEntry.objects.filter(action="cpd.transmission.imported").count() == 1


def test_one_unknown_number_imports_nothing_and_every_problem_is_listed_by_line(personas):
    gp = personas.verified_gp
    twin = make_member("twin@example.test")
    twin.registration_number, twin.registration_key, twin.registration_kind = (
        valid_inami(777), valid_inami(777)[:8], "inami")
    twin.save()
    other = make_member("other-twin@example.test")
    other.registration_number, other.registration_key, other.registration_kind = (
        valid_inami(777), valid_inami(777)[:8], "inami")
    other.save()
    csv_text = f"{gp.registration_number}\n19999999999\n\n{gp.registration_number}\n{valid_inami(777)}\n;x\n"
    response = _post(personas, csv_text)
    text = response.content.decode()
    assert response.status_code == 400 and not Entry.objects.exists() and not Transmission.objects.exists()
    assert "Rien n'a été importé" in text
    for line, message in [(2, "Aucun membre de Praxis"), (4, "Même membre que la ligne 1"),
                          (5, "Plusieurs comptes"), (6, "Pas de numéro")]:
        assert f"<td>{line}</td>" in text and message in text
    assert 'value="Dodécagone : la BPCO"' in text


def test_a_member_cannot_transmit_and_an_admin_only_for_their_institution(personas):
    from praxis.testing import make_institution

    assert personas.client("verified_gp").get("/formation-continue/transmettre/").status_code == 403
    elsewhere = make_institution("Ailleurs")
    response = _post(personas, f"{personas.verified_gp.registration_number}\n", institution=elsewhere.pk)
    assert response.status_code == 400 and not Entry.objects.exists()
