"""Who may run a screening, who sees the programme's figures, who reads, curates and follows toolboxes. Screening
rows themselves are never shown one by one to anybody: they only feed aggregated figures (see selectors.figures)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.communities.models import Community
from praxis.core.actor import Actor

from .models import Toolbox

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


# --- toolboxes ----------------------------------------------------------------------------------------------------
def _network_community_ids(network_id: int) -> set[int]:
    return set(Community.objects.filter(network_id=network_id).values_list("pk", flat=True))


def editable_toolboxes_q(actor: Actor) -> Q:
    """Toolboxes the actor maintains: members of the toolbox's institution (any role), members of the communities of
    its network."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(institution_id__in=list(actor.institution_roles))
    communities = list(actor.community_roles)
    if communities:
        q |= Q(network_id__in=Community.objects.filter(pk__in=communities, network__isnull=False)
               .values("network_id"))
    return q


def toolboxes_visible_to(actor: Actor) -> QuerySet[Toolbox]:
    """Published public toolboxes for everyone, published members-only ones for signed-in members, drafts for their
    editors; platform admins see all."""
    if actor.is_authenticated and actor.is_platform_admin:
        return Toolbox.objects.all()
    published = Q(status=Toolbox.Status.PUBLISHED)
    if not actor.is_authenticated:
        return Toolbox.objects.filter(published, visibility=Toolbox.Visibility.PUBLIC)
    return Toolbox.objects.filter(published | editable_toolboxes_q(actor))


def can_edit_toolbox(actor: Actor, toolbox: Toolbox) -> bool:
    """Curate (edit the introduction and sections, add, move and remove items): the members of the institution that
    maintains it, the members of the communities of its network, platform admins."""
    if not actor.is_authenticated:
        return False
    if actor.is_platform_admin or actor.is_institution_member(toolbox.institution_id):
        return True
    if toolbox.network_id is None or not actor.community_roles:
        return False
    return bool(set(actor.community_roles) & _network_community_ids(toolbox.network_id))


def check_edit_toolbox(actor: Actor, toolbox: Toolbox) -> None:
    if not can_edit_toolbox(actor, toolbox):
        raise PermissionDenied


def can_view_toolbox(actor: Actor, toolbox: Toolbox) -> bool:
    if toolbox.is_published and (toolbox.visibility == Toolbox.Visibility.PUBLIC or actor.is_authenticated):
        return True
    return can_edit_toolbox(actor, toolbox)


def toolbox_institution_ids(actor: Actor) -> list[int]:
    """The institutions a member may start a toolbox for: those they belong to (the query checks they are
    verified)."""
    return list(actor.institution_roles) if actor.is_authenticated else []


def can_create_toolbox(actor: Actor) -> bool:
    """Members of an institution (any role) start toolboxes for it; platform admins for any institution."""
    return actor.is_authenticated and (actor.is_platform_admin or bool(toolbox_institution_ids(actor)))


def check_create_toolbox(actor: Actor) -> None:
    if not can_create_toolbox(actor):
        raise PermissionDenied


def can_create_toolbox_for(actor: Actor, institution_id: int) -> bool:
    """Start a toolbox maintained by this institution: its members, or a platform admin."""
    return can_create_toolbox(actor) and (actor.is_platform_admin or institution_id in toolbox_institution_ids(actor))


def check_create_toolbox_for(actor: Actor, institution_id: int) -> None:
    if not can_create_toolbox_for(actor, institution_id):
        raise PermissionDenied


def can_follow_toolbox(actor: Actor, toolbox: Toolbox) -> bool:
    """Signed-in members who may read it follow it (new items reach them as notifications)."""
    return actor.is_authenticated and can_view_toolbox(actor, toolbox)


def check_follow_toolbox(actor: Actor, toolbox: Toolbox) -> None:
    if not can_follow_toolbox(actor, toolbox):
        raise PermissionDenied
