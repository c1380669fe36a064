"""Permission-matrix rows for every cpd route (see praxis/testing/matrix.py)."""

from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile

from praxis.cpd.models import Entry, SchemeChoice
from praxis.testing.files import pdf_bytes
from praxis.testing.matrix import LOGIN, Route, everyone, members_only

from .factories import make_attestation, make_entry

PDF = pdf_bytes()


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.attestation = make_attestation(p.verified_gp, issuer_institution=p.institution)
    world.attestation.pdf.save("attestation.pdf", ContentFile(PDF), save=True)
    world.declared = make_entry(p.verified_gp, source_key="declared:matrix", origin=Entry.Origin.DECLARED,
                                activity_type=Entry.ActivityType.DECLARED)
    world.declared.proof.save("proof.pdf", ContentFile(PDF), save=False)
    Entry.objects.filter(pk=world.declared.pk).update(proof=world.declared.proof.name,
                                                     proof_content_type="application/pdf")
    world.issued = make_entry(p.verified_gp, source_key="events.attendance:matrix")
    world.choice = SchemeChoice.objects.create(member=p.verified_gp, scheme="be_accreditation",
                                               anchor=world.issued.date.replace(month=1, day=1))


def own(ok: int = 200, others: int = 404) -> dict[str, int]:
    """The record's rows belong to verified_gp: others get 404, as if they did not exist."""
    return {"anonymous": LOGIN, "verified_gp": ok, "*": others}


def code(w: SimpleNamespace) -> dict[str, Any]:
    return {"code": w.attestation.code}


ROUTES = [
    Route("cpd:verify_lookup", everyone()),
    Route("cpd:verify_lookup", everyone(302), data={"code": "abcd efgh"}),
    Route("cpd:verify_lookup", everyone(405), method="post"),
    Route("cpd:verify", everyone(), kwargs=code),
    Route("cpd:verify", everyone(), kwargs=code, htmx=True),
    Route("cpd:verify", everyone(404), kwargs={"code": "FORGEDCODE234567"}),
    Route("cpd:verify", everyone(405), kwargs=code, method="post"),
    # The recipient, the issuing institution's admins, platform admins; 404 to others (the PDF is personal).
    Route("cpd:attestation_pdf", {"anonymous": LOGIN, "verified_gp": 200, "institution_admin": 200,
                                  "platform_admin": 200, "*": 404}, kwargs=code),
    Route("cpd:attestation_pdf", everyone(405), kwargs=code, method="post"),
]

ROUTES += [
    Route("cpd:record", members_only()),
    Route("cpd:record", members_only(), htmx=True),
    Route("cpd:record", members_only(), data={"annee": "2019"}),
    Route("cpd:record", everyone(405), method="post"),
    Route("cpd:scheme_choose", members_only(302), method="post",
          data={"scheme": "ch_credits", "anchor": "2025-01-01"}),
    Route("cpd:scheme_choose", members_only(400), method="post", data={"scheme": "invented", "anchor": ""}),
    Route("cpd:scheme_choose", everyone(405)),
    Route("cpd:scheme_remove", own(302), method="post", kwargs=lambda w: {"pk": w.choice.pk}),
    Route("cpd:scheme_remove", everyone(405), kwargs=lambda w: {"pk": w.choice.pk}),
    Route("cpd:declare", members_only()),
    Route("cpd:declare", members_only(400), method="post", data={"title": "Sans attestation"}),
    Route("cpd:declare", everyone(405), method="put"),
    Route("cpd:proof", own(), kwargs=lambda w: {"pk": w.declared.pk}),
    Route("cpd:proof", own(404), kwargs=lambda w: {"pk": w.issued.pk}),  # no uploaded file
    Route("cpd:proof", everyone(405), method="post", kwargs=lambda w: {"pk": w.declared.pk}),
    Route("cpd:entry_delete", own(302), method="post", kwargs=lambda w: {"pk": w.declared.pk}),
    Route("cpd:entry_delete", own(403), method="post", kwargs=lambda w: {"pk": w.issued.pk}),
    Route("cpd:entry_delete", everyone(405), kwargs=lambda w: {"pk": w.declared.pk}),
]


def period(w: SimpleNamespace) -> dict[str, object]:
    return {"pk": w.choice.pk, "day": w.issued.date.isoformat()}


ROUTES += [
    Route("cpd:period", own(), kwargs=period),
    Route("cpd:period", own(), kwargs=period, htmx=True),
    Route("cpd:period", own(404), kwargs=lambda w: {"pk": w.choice.pk, "day": "not-a-date"}),
    Route("cpd:period", everyone(405), method="post", kwargs=period),
    Route("cpd:period_csv", own(), kwargs=period),
    Route("cpd:period_csv", everyone(405), method="post", kwargs=period),
    Route("cpd:period_pdf", own(), kwargs=period),
    Route("cpd:period_pdf", own(302), method="post", kwargs=period),
    Route("cpd:period_pdf", everyone(405), method="put", kwargs=period),
]

ROUTES += [
    Route("cpd:transmit", {"anonymous": LOGIN, "institution_admin": 200, "*": 403}),
    Route("cpd:transmit", {"anonymous": LOGIN, "institution_admin": 400, "*": 403}, method="post",
          data={"title": "Sans liste"}),
    Route("cpd:transmit", everyone(405), method="put"),
]

ROUTES += [
    Route("cpd:issuer", everyone()),
    Route("cpd:issuer", everyone(405), method="post"),
    Route("cpd:jwks", everyone()),
    Route("cpd:jwks", everyone(405), method="post"),
    Route("cpd:status_list", everyone()),
    Route("cpd:status_list", everyone(405), method="post"),
    Route("cpd:credential", {"anonymous": LOGIN, "verified_gp": 200, "institution_admin": 200,
                             "platform_admin": 200, "*": 404}, kwargs=code),
    Route("cpd:credential", everyone(405), kwargs=code, method="post"),
]
