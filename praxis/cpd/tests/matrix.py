"""Permission-matrix rows for every cpd route (see praxis/testing/matrix.py)."""

from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile

from praxis.testing.matrix import LOGIN, Route, everyone

from .factories import make_attestation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.attestation = make_attestation(p.verified_gp, issuer_institution=p.institution)
    world.attestation.pdf.save("attestation.pdf", ContentFile(PDF), save=True)


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
