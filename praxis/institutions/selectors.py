"""Reads for the directory: each returns a QuerySet (or a small value) built on the rules' visibility."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from praxis.core.actor import Actor, Standing
from praxis.core.compiled import CompiledQuery, ShapedQuery

from . import geo, rules
from .models import ClaimRequest, DirectoryProfile, Follow, Institution, InstitutionMembership, Invitation, Service


@dataclass(frozen=True)
class Near:
    place: geo.Place
    radius_km: float


def services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True)


def institution_for(actor: Actor, slug: str) -> Institution | None:
    return rules.institutions_visible_to(actor).filter(slug=slug).first()


def _json_list_has(queryset: QuerySet[Any], field: str, value: str) -> QuerySet[Any]:
    """`field` (a JSON list of codes) contains `value` — as text, so that it works on SQLite and PostgreSQL."""
    alias = f"{field}_text"
    return queryset.alias(**{alias: Cast(field, TextField())}).filter(**{f"{alias}__contains": f'"{value}"'})


def card_services() -> Prefetch:
    """An institution card's services (their names in every language), for `prefetch_related`."""
    return Prefetch("services", queryset=Service.objects.only("pk", "name", "name_nl", "name_en", "slug"))


def directory_search(
    actor: Actor, *, text: str = "", service: Service | None = None, kind: str = "", public: str = "",
    language: str = "", country: str = "", near: Near | None = None,
) -> QuerySet[Institution]:
    """Published institutions matching every filter given; nearest first (with `distance_km`) when `near` is given,
    otherwise by name. Only verified institutions appear in searches, even for their own staff."""
    terms = geo.distance_terms(near.place.lat, near.place.lon, near.radius_km) if near is not None else None
    return _directory_rows(actor, text=text, service=service.pk if service is not None else None, kind=kind,
                           public=public, language=language, country=country, terms=terms
                           ).prefetch_related(card_services())


def _directory_rows(
    actor: Actor | Standing, *, text: str = "", service: int | None = None, kind: str | None = "", public: str = "",
    language: str = "", country: str | None = "", terms: geo.DistanceTerms | None = None,
) -> QuerySet[Institution]:
    rows = rules.institutions_visible_to(actor).filter(is_verified=True, closed_at__isnull=True)  # type: ignore[arg-type]
    if text:
        matching_services = Service.objects.filter(name__icontains=text).values("pk")
        rows = rows.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(city__icontains=text)
            | Q(pk__in=Institution.services.through.objects.filter(service__in=matching_services)
                .values("institution_id"))
        )
    if service is not None:
        # A join (one service: no duplicates) lets the database start from the location index when it is selective.
        rows = rows.filter(services=service)
    if kind:
        rows = rows.filter(kind=kind)
    if public:
        rows = _json_list_has(rows, "publics", public)
    if language:
        rows = _json_list_has(rows, "languages", language)
    if country:
        rows = rows.filter(country=country)
    if terms is not None:
        rows = geo.annotate_distance_terms(rows, terms)
        return rows.order_by("distance_km", "name")
    return rows.order_by("name")


# The directory's list without a text, public or language filter (those transform their value into a pattern): its
# count and its pages by SQL compiled once per process and shape (building both with the ORM was about a third of the
# "near me" page, issue 22). The same `_directory_rows` writes them, from a `Standing` of marker values.
def _directory_shaped(*values: Any) -> QuerySet[Institution]:
    return _directory_rows(Standing(*values[:6]), service=values[6], kind=values[7], country=values[8],
                           terms=values[9] if values[9] is None else values[9:17])


_directory_page = ShapedQuery(lambda *values: _directory_shaped(*values))
_directory_count = ShapedQuery(lambda *values: _directory_shaped(*values).order_by().values("pk"))


class DirectoryRows:
    """The rows of a directory search for a `Paginator` (`count()` and a slice), read by the compiled queries."""

    def __init__(self, actor: Actor, *, service: Service | None, kind: str, country: str, near: Near | None) -> None:
        terms: tuple[Any, ...] = (None,)
        if near is not None:
            terms = geo.distance_terms(near.place.lat, near.place.lon, near.radius_km)
        self.values = (*actor.standing().values(), service.pk if service is not None else None, kind or None,
                       country or None, *terms)

    def count(self) -> int:
        return _directory_count.count(*self.values)

    def __getitem__(self, window: slice) -> list[Institution]:
        start, stop = window.start or 0, window.stop
        return _directory_page.objects(*self.values, window=(start, stop - start))


def directory_rows(
    actor: Actor, *, text: str = "", service: Service | None = None, kind: str = "", public: str = "",
    language: str = "", country: str = "", near: Near | None = None,
) -> QuerySet[Institution] | DirectoryRows:
    """`directory_search` without its cards' services, for a page: compiled when no filter transforms its value."""
    if text or public or language:
        return directory_search(actor, text=text, service=service, kind=kind, public=public, language=language,
                                country=country, near=near).prefetch_related(None)
    return DirectoryRows(actor, service=service, kind=kind, country=country, near=near)


def institution_members(institution: Institution) -> QuerySet[InstitutionMembership]:
    return (institution.memberships.filter(status=InstitutionMembership.Status.ACTIVE)
            .select_related("user").order_by("role", "user__last_name", "user__first_name"))


def institution_listed_members(institution: Institution) -> QuerySet[InstitutionMembership]:
    """Members who appear in the colleagues directory and chose to show where they work."""
    return institution_members(institution).filter(
        user__directory_profile__is_listed=True, user__directory_profile__show_institutions=True,
    )


def pending_invitations(institution: Institution) -> QuerySet[Invitation]:
    return institution.invitations.filter(status=Invitation.Status.PENDING).select_related("invited_by")


def invitation_by_id(invitation_id: int) -> Invitation | None:
    return Invitation.objects.select_related("institution").filter(pk=invitation_id).first()


def moderation_queue(actor: Actor) -> QuerySet[Institution]:
    """Institutions awaiting verification, oldest first."""
    return (rules.institutions_visible_to(actor).filter(is_verified=False, rejected_at__isnull=True)
            .select_related("created_by").annotate(open_claims=Count("claims", filter=Q(claims__status="open")))
            .order_by("created_at"))


def open_claims(actor: Actor) -> QuerySet[ClaimRequest]:
    return (rules.claims_visible_to(actor).filter(status=ClaimRequest.Status.OPEN)
            .select_related("institution", "duplicate", "requester").order_by("created_at"))


def my_claims(actor: Actor) -> QuerySet[ClaimRequest]:
    if not actor.is_authenticated:
        return ClaimRequest.objects.none()
    return ClaimRequest.objects.filter(requester_id=actor.id).select_related("institution")


def similar_institutions(name: str, postal_code: str, country: str) -> QuerySet[Institution]:
    """Entries that may be the same institution (same name and postal code): shown before creating a duplicate."""
    return Institution.objects.filter(name__iexact=name.strip(), postal_code=postal_code, country=country)


def my_institutions(actor: Actor) -> QuerySet[InstitutionMembership]:
    if not actor.is_authenticated:
        return InstitutionMembership.objects.none()
    return (InstitutionMembership.objects.filter(user_id=actor.id, status=InstitutionMembership.Status.ACTIVE)
            .select_related("institution").order_by("institution__name"))


def my_pending_invitations(actor: Actor) -> QuerySet[Invitation]:
    if not actor.user:
        return Invitation.objects.none()
    return Invitation.objects.filter(email__iexact=actor.user.email, status=Invitation.Status.PENDING).select_related(
        "institution")


# --- colleagues -------------------------------------------------------------------------------------------------
def directory_profile_of(user: object) -> DirectoryProfile | None:
    return DirectoryProfile.objects.filter(user=user).first()


def colleagues_search(
    actor: Actor, *, profession: str = "", specialty: str = "", country: str = "", language: str = "",
    theme_id: int | None = None, near: Near | None = None,
) -> QuerySet[DirectoryProfile]:
    """Listed colleagues matching the filters. Filters on what a member hid never match them (a hidden city is not
    searchable by distance, hidden languages not by language, a hidden specialty not by specialty)."""
    rows = rules.colleagues_visible_to(actor).select_related("user").prefetch_related("themes")
    if profession:
        rows = rows.filter(user__profession=profession)
    if specialty:
        rows = rows.filter(show_specialty=True, user__specialty__icontains=specialty)
    if country:
        rows = rows.filter(user__country=country)
    if language:
        rows = rows.filter(show_languages=True).alias(langs=Cast("user__languages", TextField())).filter(
            langs__contains=f'"{language}"')
    if theme_id:
        rows = rows.filter(pk__in=DirectoryProfile.themes.through.objects.filter(theme_id=theme_id)
                           .values("directoryprofile_id"))
    if near is not None:
        rows = geo.annotate_distance(rows.filter(show_city=True), near.place.lat, near.place.lon,
                                     max_km=near.radius_km)
        return rows.order_by("distance_km", "user__last_name")
    return rows.order_by("user__last_name", "user__first_name")


def colleague_for(actor: Actor, user_id: int) -> DirectoryProfile | None:
    return colleagues_visible_to_or_self(actor).filter(user_id=user_id).select_related("user").first()


def colleagues_visible_to_or_self(actor: Actor) -> QuerySet[DirectoryProfile]:
    if not actor.is_authenticated:
        return DirectoryProfile.objects.none()
    own = DirectoryProfile.objects.filter(user_id=actor.id)
    return rules.colleagues_visible_to(actor) | own


def colleague_institutions(user_id: int) -> QuerySet[InstitutionMembership]:
    return InstitutionMembership.objects.filter(
        user_id=user_id, status=InstitutionMembership.Status.ACTIVE, institution__is_verified=True,
    ).select_related("institution")


# --- follows (also read by the feed and notifications) ----------------------------------------------------------
def followed_ids(user: object, kind: str) -> set[int]:
    """Ids of the targets of one kind ("member", "institution", "theme", "community") a member follows."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    read = _followed.get(kind)
    if read is None:  # compiled once per kind and process: a directory page reads it on every load
        read = _followed[kind] = CompiledQuery(
            lambda member: Follow.objects.filter(follower_id=member, target_kind=kind).values_list("target_id"))
    return {target for (target,) in read.rows(user.pk)}  # type: ignore[attr-defined]


_followed: dict[str, CompiledQuery] = {}


def follows_of(user: object) -> dict[str, set[int]]:
    """Everything a member follows, by kind: {"member": {...}, "institution": {...}, "theme": {...}, ...}."""
    result: dict[str, set[int]] = {kind: set() for kind in Follow.Kind.values}
    if user is None or not getattr(user, "is_authenticated", False):
        return result
    for kind, target_id in Follow.objects.filter(follower=user).values_list("target_kind", "target_id"):
        result[kind].add(target_id)
    return result


def follower_ids(kind: str, target_id: int) -> QuerySet[Any]:
    """User ids of the followers of one target (for notifications)."""
    return Follow.objects.filter(target_kind=kind, target_id=target_id).values_list("follower_id", flat=True)


def follower_count(kind: str, target_id: int) -> int:
    return Follow.objects.filter(target_kind=kind, target_id=target_id).count()


def active_memberships_of(user: Any) -> QuerySet[InstitutionMembership]:
    """The member's active memberships: what `Actor.institution_roles` reads (registered by the app config)."""
    return InstitutionMembership.objects.filter(user=user, status=InstitutionMembership.Status.ACTIVE)


def active_memberships() -> QuerySet[InstitutionMembership]:
    """Every active membership (a subquery's base: "has joined this institution's staff")."""
    return InstitutionMembership.objects.filter(status=InstitutionMembership.Status.ACTIVE)


def shown_memberships() -> QuerySet[InstitutionMembership]:
    """Active memberships of verified institutions, institution loaded: what a colleague's page and entry name."""
    return active_memberships().filter(institution__is_verified=True).select_related("institution")


def memberships_of(user: Any) -> QuerySet[InstitutionMembership]:
    """Every membership of the member, whatever its status (their data export)."""
    return InstitutionMembership.objects.filter(user=user)


def active_staff_of(user: Any, *, roles: tuple[str, ...] = ("admin",)) -> QuerySet[InstitutionMembership]:
    """The member's active memberships with one of `roles`, in every institution."""
    return active_memberships_of(user).filter(role__in=roles)


def active_themes() -> QuerySet[Any]:
    """The areas of expertise a directory profile may name: the platform's active themes. The themes belong to the
    content app, a floor above this one: they are reached through the profile's relation, never imported."""
    theme = DirectoryProfile.themes.field.related_model
    return theme._default_manager.filter(is_active=True)


def active_staff(institution_id: int, *, roles: tuple[str, ...] = ("admin",)) -> QuerySet[InstitutionMembership]:
    """The active memberships with one of `roles` (whom the institution's emails go to), users loaded."""
    return active_memberships_of_institution(institution_id).filter(role__in=roles).select_related("user")


def active_memberships_of_institution(institution_id: int) -> QuerySet[InstitutionMembership]:
    return InstitutionMembership.objects.filter(institution_id=institution_id,
                                                status=InstitutionMembership.Status.ACTIVE)


def is_on_staff(institution: Institution, *, email: str = "", user: Any = None) -> bool:
    """Whether an address (active memberships) or a member (any membership) is already on the staff."""
    if user is not None:
        return InstitutionMembership.objects.filter(institution=institution, user=user).exists()
    return active_memberships_of_institution(institution.pk).filter(user__email__iexact=email).exists()


def is_last_admin(membership: InstitutionMembership) -> bool:
    """An institution keeps at least one administrator: is this membership the only active admin?"""
    others = active_memberships_of_institution(membership.institution_id).filter(
        role=InstitutionMembership.Role.ADMIN).exclude(pk=membership.pk)
    return membership.role == InstitutionMembership.Role.ADMIN and not others.exists()


def memberships_to_carry_over(duplicate: Institution, institution: Institution) -> QuerySet[InstitutionMembership]:
    """A merge moves the duplicate's staff over: its memberships of people not yet on the institution's staff."""
    existing = InstitutionMembership.objects.filter(institution=institution).values("user_id")
    return InstitutionMembership.objects.filter(institution=duplicate).exclude(user_id__in=existing)


def memberships_of_institution(institution: Institution) -> QuerySet[InstitutionMembership]:
    """The institution's memberships (any status), with their users, for its staff pages."""
    return InstitutionMembership.objects.filter(institution=institution).select_related("user", "institution")


def invitations_of(institution: Institution) -> QuerySet[Invitation]:
    return Invitation.objects.filter(institution=institution)
