"""The notifications institutions declare: invitations to join an institution's staff."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.accounts.models import User
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target, url

from .models import Invitation

INVITATIONS = kind("invitations", gettext_lazy("Invitations"), order=40)


@rule(Action.INSTITUTIONS_INVITATION_SENT, INVITATIONS, lambda d: _("You are invited to join %(institution)s") % d,
      owner_emails=True)
def _invitation_sent(entry: AuditEntry) -> list[Recipient]:
    invitation = target(entry, Invitation, select=["institution"])
    if invitation is None:
        return []
    user = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if user is None:
        return []
    return [Recipient(user, url("institutions:detail", slug=invitation.institution.slug),
                      {"institution": invitation.institution.name})]
