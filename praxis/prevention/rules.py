"""Who may run a screening and who sees the programme's figures. Screening rows themselves are never shown one by
one to anybody: they only feed aggregated figures (see selectors.figures)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from praxis.core.actor import Actor

FIGURES_PERMISSION = "prevention.view_screening_figures"


def can_run_self_assessment(actor: Actor) -> bool:
    """The self-assessment is public: older people and carers need no account."""
    return True


def can_run_professional_screening(actor: Actor) -> bool:
    """The professional version is for any signed-in member (health and social workers alike)."""
    return actor.is_authenticated


def check_run_professional_screening(actor: Actor) -> None:
    if not can_run_professional_screening(actor):
        raise PermissionDenied


def can_view_figures(actor: Actor) -> bool:
    """Programme coordinators (the permission, given through the "Programme coordinators" group) and platform
    admins."""
    if not actor.is_authenticated:
        return False
    return actor.is_platform_admin or actor.user.has_perm(FIGURES_PERMISSION)


def check_view_figures(actor: Actor) -> None:
    if not can_view_figures(actor):
        raise PermissionDenied
