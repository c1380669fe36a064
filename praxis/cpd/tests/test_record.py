"""The member's record page: progress per scheme, declared activities with their attestation."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.cpd import render, selectors, services
from praxis.cpd.models import Entry, SchemeChoice
from praxis.testing.files import pdf_bytes, png_bytes

from .factories import make_entry

pytestmark = pytest.mark.django_db
PDF = pdf_bytes()
PNG = png_bytes()
FR = {"Accept-Language": "fr"}


def _declare(client, **overrides):
    data = {"title": "Congrès de médecine générale", "organiser": "SSMG", "date": "2026-10-02", "hours": "6",
            "points": "6", "rubric": "general", "reference": "ACC-42", "certification_block": "knowledge",
            "proof": SimpleUploadedFile("attestation.pdf", PDF, content_type="application/pdf")}
    data.update(overrides)
    return client.post("/formation-continue/declarer/", data, headers=FR)


def test_the_record_shows_progress_of_the_current_belgian_period_as_a_chart_and_as_text(personas):
    gp = personas.verified_gp
    today = timezone.localdate()
    services.scheme_choose(actor=Actor(gp), scheme="be_accreditation", anchor=date(today.year, 1, 1))
    make_entry(gp, source_key="a", points=Decimal(3), rubric="ethics_economics", days_ago=0)
    make_entry(gp, source_key="b", points=Decimal(2), activity_type="peer_group", days_ago=0)
    make_entry(gp, source_key="old", points=Decimal(40), days_ago=800)  # an earlier period: not counted
    text = personas.client("verified_gp").get("/formation-continue/", headers=FR).content.decode()
    assert "Accréditation belge" in text
    assert '<progress max="20" value="5.0"' in text and "5 sur 20" in text and "il manque 15" in text
    assert "3 sur 3" in text and "il manque 1" in text
    assert f"à compléter avant le 31 décembre {today.year}" in text


def test_a_declared_activity_is_stored_privately_and_served_to_its_member_only(personas):
    response = _declare(personas.client("verified_gp"))
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.origin, entry.activity_type, entry.proof_content_type) == ("declared", "declared", "application/pdf")
    name = entry.proof.name or ""
    assert name.startswith(f"private/cpd/proofs/{personas.verified_gp.pk}/") and "attestation.pdf" not in name
    assert AuditEntry.objects.filter(action="cpd.entry.declared").count() == 1
    served = personas.client("verified_gp").get(f"/formation-continue/activites/{entry.pk}/attestation/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Cache-Control"] == "private, no-store"
    for other in ["outsider", "moderator", "platform_admin"]:
        assert personas.client(other).get(f"/formation-continue/activites/{entry.pk}/attestation/").status_code == 404


def test_an_image_is_accepted_as_attestation(personas):
    assert _declare(personas.client("verified_gp"), proof=SimpleUploadedFile("scan.png", PNG)).status_code == 302
    assert Entry.objects.get().proof_content_type == "image/png"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"proof": SimpleUploadedFile("attestation.pdf", b"MZ\x90\x00 not a pdf at all")}, "en PDF ou en image"),
    ({"proof": SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))}, "plus de 5 Mo"),
    ({"hours": "-1"}, "supérieure ou égale à 0"),
    ({"hours": "25"}, "inférieure ou égale à 24"),
    ({"date": (date.today() + timedelta(days=3)).isoformat()}, "dans le futur"),
])
def test_bad_input_is_refused_with_a_clear_message_and_what_was_typed_kept(personas, overrides, message):
    response = _declare(personas.client("verified_gp"), **overrides)
    text = response.content.decode()
    assert response.status_code == 400 and message in text
    assert 'value="Congrès de médecine générale"' in text
    assert not Entry.objects.exists()


def test_a_member_removes_what_they_declared_and_the_file_goes_after_the_row(personas,
                                                                             django_capture_on_commit_callbacks):
    _declare(personas.client("verified_gp"))
    entry = Entry.objects.get()
    storage, name = entry.proof.storage, entry.proof.name or ""
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("verified_gp").post(f"/formation-continue/activites/{entry.pk}/supprimer/")
    assert response.status_code == 302 and not Entry.objects.exists() and not storage.exists(name)


def test_an_issued_entry_cannot_be_removed_by_the_member(personas):
    entry = make_entry(personas.verified_gp)
    response = personas.client("verified_gp").post(f"/formation-continue/activites/{entry.pk}/supprimer/")
    assert response.status_code == 403 and Entry.objects.filter(pk=entry.pk).exists()


def test_a_period_start_in_the_future_or_hiding_counted_activities_is_refused(personas):
    client = personas.client("verified_gp")
    today = timezone.localdate()
    future = client.post("/formation-continue/referentiels/",
                         {"scheme": "be_accreditation", "anchor": (today + timedelta(days=1)).isoformat()}, headers=FR)
    assert future.status_code == 400 and "dans le futur" in future.content.decode()
    services.scheme_choose(actor=Actor(personas.verified_gp), scheme="ch_credits", anchor=today - timedelta(days=100))
    make_entry(personas.verified_gp, days_ago=50)
    moved = client.post("/formation-continue/referentiels/",
                        {"scheme": "ch_credits", "anchor": (today - timedelta(days=10)).isoformat()}, headers=FR)
    assert moved.status_code == 400 and "1 activités" in moved.content.decode()
    assert SchemeChoice.objects.get().anchor == today - timedelta(days=100)
    earlier = client.post("/formation-continue/referentiels/",
                          {"scheme": "ch_credits", "anchor": (today - timedelta(days=200)).isoformat()})
    assert earlier.status_code == 302 and SchemeChoice.objects.get().anchor == today - timedelta(days=200)


def test_the_record_page_reads_a_fixed_number_of_queries_whatever_the_number_of_entries(personas):
    gp = personas.verified_gp
    client = personas.client("verified_gp")
    services.scheme_choose(actor=Actor(gp), scheme="be_accreditation", anchor=date(2020, 1, 1))
    services.scheme_choose(actor=Actor(gp), scheme="fr_certification_6", anchor=date(2023, 1, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/formation-continue/").status_code == 200
        return len(queries)

    make_entry(gp, source_key="first", days_ago=1)
    few = count()
    for i in range(15):
        make_entry(gp, source_key=f"more:{i}", days_ago=i % 3 + 1)
    assert count() == few


def test_activity_cards_are_kept_rendered_yet_show_a_change_at_once_and_only_to_their_member(personas):
    gp = personas.verified_gp
    client = personas.client("verified_gp")

    def activities(who, language: str = "fr") -> str:
        text = personas.client(who).get("/formation-continue/", headers={"Accept-Language": language}).content
        return _without_tokens(text.decode().split('id="entries"', 1)[1])

    kept = make_entry(gp, source_key="a", title="Soirée BPCO", days_ago=1)
    declared = _declare(client, title="Congrès de gériatrie", date=timezone.localdate().isoformat())
    assert declared.status_code == 302
    first = activities("verified_gp")
    assert "Soirée BPCO" in first and "Congrès de gériatrie" in first
    assert activities("verified_gp") == first  # the second time from the kept cards: the same page
    assert "Retirer<span" in first and first.count('class="secondary"') == 1  # only the declared one is removable
    assert "Soirée BPCO" not in activities("outsider")  # someone else's record shows nothing of it
    make_entry(gp, source_key="a", title="Soirée asthme", days_ago=1)  # the organiser corrects the title
    changed = activities("verified_gp")
    assert "Soirée asthme" in changed and "Soirée BPCO" not in changed
    assert "2 u" in activities("verified_gp", "nl") and "2 h" in changed  # each language its own card
    services.entry_delete_declared(actor=Actor(gp), entry=Entry.objects.get(origin="declared"))
    assert "Congrès de gériatrie" not in activities("verified_gp") and Entry.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_activities_written_in_python_are_the_template_loop_s_html_byte_for_byte(personas, rf, language):
    gp = personas.verified_gp
    make_entry(gp, source_key="issued", title="Soirée <BPCO> & \"asthme\"", days_ago=0)
    for i in range(2):
        services.entry_declare(actor=Actor(gp), data={
            "title": f"Congrès n°{i} <l'après-midi>", "organiser": "SSMG", "date": timezone.localdate(), "hours": 3,
            "points": None, "rubric": "general", "reference": "", "certification_block": ""},
            proof=SimpleUploadedFile("a.pdf", PDF), proof_content_type="application/pdf")
    request = rf.get("/formation-continue/")
    with translation.override(language):
        entries = selectors.record_year(Actor(gp), timezone.localdate().year)
        loop = Template(
            '{% load i18n %}{% for entry, card in entries %}\n  <li class="card">{{ card }}\n    '
            '{% if entry.origin == "declared" %}<form method="post" action="{% url \'cpd:entry_delete\' entry.pk %}" '
            'class="inline">{% csrf_token %}<button type="submit" class="secondary">{% translate "Remove" %}'
            '<span class="visually-hidden"> {{ entry.title }}</span></button></form>{% endif %}\n  </li>\n'
            "{% endfor %}").render(Context({"entries": entries, "csrf_token": "TOKEN"}))
        written = render.activity_items(request, entries)
    assert len(entries) == 3 and written.count("<form") == 2 and "&lt;BPCO&gt; &amp; &quot;asthme&quot;" in written
    assert len(re.findall(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', written)) == 2
    assert _without_tokens(written) == _without_tokens(loop)


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def _schemes(client, language: str = "fr") -> str:
    text = client.get("/formation-continue/", headers={"Accept-Language": language}).content.decode()
    return text[text.index('<section aria-labelledby="schemes-title">'):text.index('<section aria-labelledby="entries')]


def test_the_kept_schemes_section_follows_every_write_for_each_member_and_language(personas):
    """"Where I stand" is kept as HTML per what it shows (views._schemes_html): an activity declared, a scheme chosen or
    removed show on the next page; each member sees their own schemes, each language its own text, and each request
    its own CSRF token, which the forms accept."""
    gp, client = personas.verified_gp, personas.client("verified_gp")
    today = timezone.localdate()
    choice = services.scheme_choose(actor=Actor(gp), scheme="be_accreditation", anchor=date(today.year, 1, 1))
    make_entry(gp, source_key="a", points=Decimal(3), rubric="ethics_economics", days_ago=0)
    first = _schemes(client)
    assert "3 sur 20" in first and f'id="scheme-{choice.pk}"' in first
    again = _schemes(client)
    assert _without_tokens(again) == _without_tokens(first)  # kept
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first + again)
    assert len(tokens) == 4 and len(set(tokens)) == 2  # one per request, in both forms
    nl = _schemes(client, "nl")
    assert nl != first and "20" in nl and "sur 20" not in nl

    assert _declare(client, points="6", date=today.isoformat()).status_code == 302
    assert "9 sur 20" in _schemes(client) and "3 sur 20" not in _schemes(client)
    assert _without_tokens(_schemes(client, "nl")) != _without_tokens(nl)

    outsider = personas.outsider
    theirs = services.scheme_choose(actor=Actor(outsider), scheme="be_accreditation", anchor=date(today.year, 1, 1))
    make_entry(outsider, source_key="b", points=Decimal(9), days_ago=0)
    other = _schemes(personas.client("outsider"))
    assert f'id="scheme-{theirs.pk}"' in other and f'id="scheme-{choice.pk}"' not in other

    services.scheme_choose(actor=Actor(gp), scheme="fr_certification_6", anchor=date(2023, 1, 1))
    assert _schemes(client).count('<article class="card cpd-scheme"') == 2

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(gp)
    page = _schemes(strict)
    token = re.search(rf'action="/formation-continue/referentiels/{choice.pk}/retirer/">\s*<input type="hidden" '
                      r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page
    removed = strict.post(f"/formation-continue/referentiels/{choice.pk}/retirer/",
                          {"csrfmiddlewaretoken": token.group(1)})
    assert removed.status_code == 302
    assert f'id="scheme-{choice.pk}"' not in _schemes(client)
