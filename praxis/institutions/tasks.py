"""Emails and geocoding of the directory, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from praxis.accounts.models import User
from praxis.core.mail import send_templated
from praxis.core.tasks import durable_task

from . import geo, selectors, services
from .models import Institution, Invitation

logger = logging.getLogger(__name__)


@durable_task
def send_invitation(invitation_id: int) -> None:
    """Email the signed invitation link to the invited address."""
    invitation = Invitation.objects.select_related("institution", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    token = services.invitation_token(invitation)
    url = settings.SITE_URL + reverse("institutions:invitation", kwargs={"token": token})
    language = "fr"
    existing = User.objects.filter(email__iexact=invitation.email).only("preferred_language").first()
    if existing is not None:
        language = existing.preferred_language
    send_templated(to=invitation.email, template="institutions/email/invitation",
                   context={"invitation": invitation, "url": url}, language=language)


@durable_task
def send_institution_decision(institution_id: int, decision: str) -> None:
    """Tell the institution's admins that a moderator published or refused it."""
    institution = Institution.objects.filter(pk=institution_id).first()
    if institution is None:
        return
    url = settings.SITE_URL + reverse("institutions:detail", kwargs={"slug": institution.slug})
    for membership in selectors.active_staff(institution.pk):
        send_templated(to=membership.user.email, template=f"institutions/email/institution_{decision}",
                       context={"institution": institution, "member": membership.user, "url": url},
                       language=membership.user.preferred_language)


@durable_task
def geocode_institution(institution_id: int) -> None:
    """Refine an institution's coordinates from its full address with the configured geocoder (optional)."""
    institution = Institution.objects.filter(pk=institution_id).first()
    if institution is None or not institution.address:
        return
    found = geo.geocode(f"{institution.address}, {institution.postal_code} {institution.city}", institution.country)
    if found is not None:
        Institution.objects.filter(pk=institution_id).update(latitude=found[0], longitude=found[1])
