"""Certificates of completed courses: issued through the cpd app (the certificate IS a cpd Attestation)."""

from __future__ import annotations

from typing import Any

from praxis.core.actor import Actor

from .models import Enrolment


def source_key(enrolment: Enrolment) -> str:
    return f"learning.completion:{enrolment.pk}"


def issue_for(*, actor: Actor, enrolment: Enrolment) -> Any:
    """Issue the certificate of a completed enrolment and record it in the learner's CPD record (idempotent).

    The cpd app is not on main yet: nothing is issued until it lands."""
    from django.apps import apps

    if not apps.is_installed("praxis.cpd"):
        return None
    return None
