from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import rules, selectors
from .models import Attestation


@require_GET
def verify_lookup(request: PraxisRequest) -> HttpResponse:
    """The form where someone types a code read on paper."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("cpd:verify", code="".join(code.split()).upper().replace("-", "")[:40])
    return render_page(request, "cpd/verify.html", {"attestation": None, "lookup": True})


@require_GET
def verify(request: PraxisRequest, code: str) -> HttpResponse:
    """Public, no account: is this attestation genuine, still valid, revoked? With the facts it certifies."""
    attestation = selectors.attestation_by_code(code)
    response = render_page(request, "cpd/verify.html", {"attestation": attestation, "code": code,
                                                        "states": Attestation.State},
                           status=200 if attestation else 404)
    response["Cache-Control"] = "no-store"  # a revocation shows at once
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@login_required
def attestation_pdf(request: PraxisRequest, code: str) -> HttpResponseBase:
    attestation = selectors.attestation_by_code(code)
    if attestation is None or not rules.can_view_attestation_pdf(request.actor, attestation):
        raise Http404
    if not attestation.pdf:
        pending = render_page(request, "cpd/pdf_pending.html", {"attestation": attestation}, status=202)
        pending["Refresh"] = "5"
        return pending
    return serve_file(request, attestation.pdf.name, storage=attestation.pdf.storage, content_type="application/pdf",
                      filename=f"attestation-{attestation.code}.pdf", cache_control="private, no-store")
