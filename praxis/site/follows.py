"""Themes as pages one can follow, and "what I follow": reads across content, events, institutions and
communities, each through its own `*_visible_to` rule."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from praxis.communities.rules import communities_visible_to
from praxis.content.cards import content_cards
from praxis.content.models import Theme
from praxis.content.rules import contents_visible_to
from praxis.content.selectors import active_themes, card_rows, listed_contents
from praxis.core.actor import Actor
from praxis.events.models import Event
from praxis.events.rules import events_visible_to
from praxis.institutions import selectors as institution_selectors
from praxis.institutions.models import Follow
from praxis.institutions.rules import institutions_visible_to

THEME_CONTENTS = 12
THEME_EVENTS = 6


def sort_key(name: str) -> str:
    """Alphabetical as a reader expects it: "Éthique" among the E's."""
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()


@dataclass
class ThemeRow:
    theme: Theme
    contents: int
    is_following: bool


def theme_rows(actor: Actor) -> dict[str, list[ThemeRow]]:
    """Every active theme by kind, with how many contents the actor may find in it: three queries in all."""
    visible = contents_visible_to(actor).filter(themes__isnull=False)
    counts = dict(visible.values_list("themes").annotate(n=Count("pk", distinct=True)))
    followed = institution_selectors.followed_ids(actor.user, Follow.Kind.THEME)
    groups: dict[str, list[ThemeRow]] = {kind: [] for kind in Theme.Kind.values}
    for theme in active_themes():
        groups[theme.kind].append(ThemeRow(theme, counts.get(theme.pk, 0), theme.pk in followed))
    for rows in groups.values():
        rows.sort(key=lambda row: sort_key(row.theme.label))
    return groups


def theme_for(slug: str) -> Theme | None:
    return active_themes().filter(slug=slug).first()


def theme_contents(actor: Actor, theme: Theme, limit: int = THEME_CONTENTS) -> list[SafeString]:
    """The theme's latest cards (cached per piece: `praxis.content.cards`)."""
    return content_cards(card_rows(listed_contents(actor, theme=theme.slug)[:limit]))


def theme_events(actor: Actor, theme: Theme, limit: int = THEME_EVENTS) -> list[Event]:
    return list(
        events_visible_to(actor).filter(themes=theme, status=Event.Status.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("institution").order_by("starts_at", "pk")[:limit]
    )


def follower_count(theme: Theme) -> int:
    return institution_selectors.follower_count(Follow.Kind.THEME, theme.pk)


@dataclass
class Followed:
    kind: str
    target_id: int
    name: str
    slug: str  # what its page's URL names (the user id for a colleague); empty when the target is no longer visible
    # (an unlisted colleague): it can still be unfollowed


def followed_by(actor: Actor) -> dict[str, list[Followed]]:
    """What the member follows, by kind, named as the member may see it: one query per kind."""
    follows = institution_selectors.follows_of(actor.user)
    result: dict[str, list[Followed]] = {kind: [] for kind in ("theme", "community", "institution", "member")}
    if follows["theme"]:
        for theme in Theme.objects.filter(pk__in=follows["theme"]):
            result["theme"].append(Followed("theme", theme.pk, theme.label, theme.slug))
    if follows["community"]:
        visible = communities_visible_to(actor).filter(pk__in=follows["community"]).only("pk", "name", "slug")
        for community in visible:
            result["community"].append(Followed("community", community.pk, community.name, community.slug))
    if follows["institution"]:
        institutions: QuerySet[Any] = institutions_visible_to(actor).filter(pk__in=follows["institution"])
        for institution in institutions.only("pk", "name", "slug"):
            result["institution"].append(Followed("institution", institution.pk, institution.name, institution.slug))
    if follows["member"]:
        profiles = institution_selectors.colleagues_visible_to_or_self(actor).filter(user_id__in=follows["member"])
        seen = set()
        for profile in profiles.select_related("user"):
            seen.add(profile.user_id)
            name = profile.user.get_full_name()
            result["member"].append(Followed("member", profile.user_id, name, str(profile.user_id)))
        result["member"] += [Followed("member", user_id, "", "") for user_id in sorted(follows["member"] - seen)]
    for rows in result.values():
        rows.sort(key=lambda row: (not row.name, sort_key(row.name)))
    return result
