"""A period's summary as a page, a CSV and a PDF, reproducible for past periods."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from praxis.core.actor import Actor
from praxis.cpd import services
from praxis.cpd.export import period_summary
from praxis.cpd.models import PeriodExport, SchemeChoice

from .factories import make_attestation, make_entry

pytestmark = pytest.mark.django_db
FR = {"Accept-Language": "fr"}


@pytest.fixture
def record(personas):
    gp = personas.verified_gp
    today = timezone.localdate()
    choice = services.scheme_choose(actor=Actor(gp), scheme="be_accreditation", anchor=date(today.year - 1, 1, 1))
    attestation = make_attestation(gp, source_key="events.attendance:1", title="Soirée GLEM")
    make_entry(gp, source_key="events.attendance:1", title="Soirée GLEM", activity_type="peer_group",
               attestation=attestation, days_ago=(today - date(today.year - 1, 3, 10)).days)
    make_entry(gp, source_key="b", title="=HYPERLINK(\"x\")", rubric="ethics_economics", points=Decimal(3),
               days_ago=(today - date(today.year - 1, 6, 1)).days)
    make_entry(gp, source_key="now", title="Cette année", days_ago=0)
    return choice


def test_the_csv_of_a_past_period_lists_its_activities_only_and_defuses_formulas(personas, record):
    last_year = timezone.localdate().year - 1
    response = personas.client("verified_gp").get(
        f"/formation-continue/referentiels/{record.pk}/periode/{last_year}-05-05/csv/")
    assert response["Content-Type"].startswith("text/csv")
    assert f"be_accreditation-{last_year}-01-01-{last_year}-12-31" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["title"] for r in rows] == ["Soirée GLEM", "'=HYPERLINK(\"x\")"]
    assert rows[0]["activity_type"] == "peer_group" and rows[0]["attestation_code"]
    assert rows[0]["verification_url"].endswith(f"/verifier/{rows[0]['attestation_code']}/")
    assert rows[1]["rubric"] == "ethics_economics" and rows[1]["points"] == "3.0"


def test_the_period_page_navigates_to_past_periods(personas, record):
    last_year = timezone.localdate().year - 1
    text = personas.client("verified_gp").get(
        f"/formation-continue/referentiels/{record.pk}/periode/{last_year}-12-31/", headers=FR).content.decode()
    assert f"Période du 1 janvier {last_year} au 31 décembre {last_year}" in text
    assert "Soirée GLEM" in text and "Cette année" not in text
    assert f"/periode/{last_year - 1}-12-31/" in text and f"/periode/{last_year + 1}-01-01/" in text


def test_the_pdf_summary_is_rendered_by_a_task_and_made_again_only_when_the_facts_change(
        personas, record, django_capture_on_commit_callbacks):
    client = personas.client("verified_gp")
    last_year = timezone.localdate().year - 1
    url = f"/formation-continue/referentiels/{record.pk}/periode/{last_year}-01-01/pdf/"
    assert client.get(url).status_code == 200  # nothing asked yet: a button
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    for expected in ["Soirée GLEM", "Accréditation belge", f"1 janvier {last_year}", "Éthique et économie",
                     personas.verified_gp.get_full_name()]:
        assert expected in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert PeriodExport.objects.count() == 1  # same facts: the same file
    make_entry(personas.verified_gp, source_key="late", days_ago=(timezone.localdate() - date(last_year, 2, 2)).days)
    assert client.get(url).status_code == 200  # facts changed: the old file is not served
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert PeriodExport.objects.count() == 2


def test_a_past_period_is_judged_by_the_rules_of_its_time(personas):
    gp = personas.verified_gp
    choice = SchemeChoice.objects.create(member=gp, scheme="be_accreditation", anchor=date(2025, 1, 1))
    make_entry(gp, source_key="c1", activity_type="course", hours=Decimal(5), points=Decimal(5),
               days_ago=(timezone.localdate() - date(2025, 3, 3)).days)
    summary_2025 = period_summary(choice, date(2025, 6, 1))
    assert summary_2025.progress[0].achieved == 5  # before 2026: e-learning not capped
    assert period_summary(choice, date(2025, 6, 1)).fingerprint() == summary_2025.fingerprint()
    assert summary_2025.rule.applies_from == date(2025, 1, 1)
    assert period_summary(choice, date(2025, 1, 1) - timedelta(days=1)).rule.months == 36
