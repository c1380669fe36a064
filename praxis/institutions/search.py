"""Institutions and opted-in colleagues in the search index (owned by the search app; see praxis/search/registry.py).

A colleague's entry holds only what their directory page shows (name, profession, and the specialty, city, areas of
expertise, institutions and few words they chose to show: never the email address); members who have not opted in,
or who left, are not indexed. Its audience is empty: `colleagues_visible_to` decides for every candidate (verified
professionals and moderators browse colleagues, which no single audience key expresses)."""

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse

from praxis.core.actor import Actor
from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register, standing_ids

from .models import DirectoryProfile, Institution
from .rules import colleagues_visible_to, institutions_visible_to
from .selectors import shown_memberships


def institutions_visible(actor: Actor) -> QuerySet[Institution]:
    """The institutions the directory shows the actor (the public directory: verified ones)."""
    return institutions_visible_to(actor)


def _document(institution: Institution) -> Document | None:
    if not institution.is_verified or institution.closed_at is not None:
        return None
    try:
        url = reverse("institutions:detail", kwargs={"slug": institution.slug})
    except NoReverseMatch:
        url = ""
    services = ", ".join(service.name for service in institution.services.all())
    return Document(
        title=institution.name,
        body=f"{institution.get_kind_display()}. {services}. {institution.city}. {institution.description}",
        language="fr",
        url=url,
        date=institution.created_at,
        country=institution.country,
        audience="public",  # only verified, open institutions are indexed, and the directory is public
    )


register(Registration(
    kind="institution",
    label=KIND_LABELS["institution"],
    model=Institution,
    visible_to=institutions_visible,
    visible_ids=standing_ids(institutions_visible),
    document=_document,
    queryset=lambda: Institution.objects.prefetch_related("services"),
    facets=("country", "date"),
))


def _colleague(profile: DirectoryProfile) -> Document | None:
    member = profile.user
    if not profile.is_listed or not member.is_active:
        return None
    parts = [str(member.get_profession_display())]
    if profile.show_specialty and member.specialty:
        parts.append(member.specialty)
    if profile.show_city and member.city:
        parts.append(f"{member.postal_code} {member.city}".strip())
    if profile.show_institutions:
        parts += [membership.institution.name for membership in member.institution_memberships.all()]
    if profile.bio:
        parts.append(profile.bio)
    return Document(
        title=member.get_full_name(),
        body=". ".join(parts),
        language="fr",
        url=reverse("institutions:colleague", kwargs={"user_id": member.pk}),
        date=member.date_joined,
        themes=[theme.slug for theme in profile.themes.all()],
        professions=[member.profession] if member.profession else [],
        country=member.country or "",
        audience="",  # colleagues_visible_to decides (see the module's docstring)
    )


def _colleagues() -> QuerySet[DirectoryProfile]:
    shown = shown_memberships()
    return DirectoryProfile.objects.select_related("user").prefetch_related(
        "themes", Prefetch("user__institution_memberships", queryset=shown))


register(Registration(
    kind="colleague",
    label=KIND_LABELS["colleague"],
    model=DirectoryProfile,
    visible_to=colleagues_visible_to,
    document=_colleague,
    queryset=_colleagues,
    facets=("theme", "profession", "country"),
    # A colleague's entry names the institutions they work for: renamed or closed, they are re-indexed with it.
    follows={"institution": lambda ids: DirectoryProfile.objects.filter(
        user__institution_memberships__institution_id__in=ids)},
))
