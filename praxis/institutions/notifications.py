"""The notifications institutions declare: invitations to join an institution's staff, an institution closed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.accounts.models import User
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target, url

from . import selectors
from .models import Institution, InstitutionMembership, Invitation

INVITATIONS = kind("invitations", gettext_lazy("Invitations"), order=40)
MY_INSTITUTIONS = kind("my_institutions", gettext_lazy("News of my institutions"), order=41)


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


@rule(Action.INSTITUTIONS_INSTITUTION_CLOSED, MY_INSTITUTIONS, lambda d: _("%(institution)s has closed on Praxis") % d)
def _institution_closed(entry: AuditEntry) -> list[Recipient]:
    """Its active staff, but not who closed it."""
    institution = target(entry, Institution)
    if institution is None:
        return []
    link = url("institutions:detail", slug=institution.slug)
    return [Recipient(membership.user, link, {"institution": institution.name})
            for membership in selectors.active_staff(institution.pk, roles=tuple(InstitutionMembership.Role.values))
            if membership.user_id != entry.actor_id and membership.user.is_active]
