"""Emails of communities of practice, run by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from praxis.core.mail import send_templated
from praxis.core.tasks import durable_task


@durable_task
def send_invitation(invitation_id: int) -> None:
    """Email the signed invitation link to the invited address, in the language of its account if it has one."""
    from praxis.accounts.models import User

    from .models import CommunityInvitation
    from .services import invitation_token

    invitation = CommunityInvitation.objects.select_related("community", "invited_by").filter(
        pk=invitation_id).first()
    if invitation is None or invitation.status != CommunityInvitation.Status.PENDING:
        return
    url = settings.SITE_URL + reverse("communities:invitation", kwargs={"token": invitation_token(invitation)})
    existing = User.objects.filter(email__iexact=invitation.email).only("preferred_language").first()
    send_templated(to=invitation.email, template="communities/email/invitation",
                   context={"invitation": invitation, "url": url},
                   language=existing.preferred_language if existing else "fr")
