import csv
import io

import pytest

from praxis.events.export import safe_cell
from praxis.testing import make_member

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_cells_that_a_spreadsheet_would_run_are_quoted(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Dupont", "a=b", "", "Marie-Claire"])
def test_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_attendee_export_neutralises_formulas_in_names(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    evil = make_member("evil@example.test", first_name="=cmd|' /C calc'!A0", last_name="@SUM(1+1)")
    make_registration(event, evil)
    make_registration(event, personas.verified_gp)
    response = personas.client("institution_admin").get(f"/agenda/{event.pk}/participants.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    evil_row = next(r for r in rows if r[2] == "evil@example.test")
    assert evil_row[0] == "'@SUM(1+1)" and evil_row[1] == "'=cmd|' /C calc'!A0"
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell)


def test_the_attendance_csv_lists_attendees_with_their_professional_numbers_and_attestation_codes(personas):
    import csv as csv_module
    import io as io_module
    from datetime import timedelta as td

    from praxis.cpd.models import Attestation
    from praxis.events import services as event_services

    from .factories import actor, make_event, make_registration

    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=td(days=-1),
                       accreditation_points=2, dpc_reference="=1+1")
    present = make_registration(event, personas.verified_gp)
    make_registration(event, personas.outsider)
    event_services.attendance_mark(actor=actor(personas.institution_admin), event=event, present_ids={present.pk})
    response = personas.client("institution_admin").get(f"/agenda/{event.pk}/presences.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv_module.DictReader(io_module.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    gp = personas.verified_gp
    assert [(r["professional_number"], r["last_name"]) for r in rows] == [(gp.registration_number, gp.last_name)]
    assert rows[0]["accreditation_points"] == "2.0" and rows[0]["dpc_reference"] == "'=1+1"
    assert rows[0]["attestation_code"] == Attestation.objects.get(recipient=gp).code
    assert personas.client("verified_gp").get(f"/agenda/{event.pk}/presences.csv").status_code == 403
