"""The member's home feed and weekly digest: what they follow, through each kind's `*_visible_to` selector.

Keyset pagination on (published_at, id): no OFFSET, stable while new items arrive. A member who follows nothing
yet gets popular reviewed content for their profession (read from the search index's profession facet)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString

from praxis.content.models import Content
from praxis.content.rules import contents_visible_to, visible_content_q
from praxis.content.selectors import Row, card_rows, cards_of
from praxis.core.actor import Actor, Standing
from praxis.core.cards import render_cards
from praxis.core.compiled import CompiledQuery, ShapedQuery
from praxis.discussions.models import Answer
from praxis.events.models import Event
from praxis.events.rules import events_visible_to
from praxis.institutions.models import Follow
from praxis.prevention import selectors as prevention_selectors
from praxis.search.models import SearchEntry

PAGE_SIZE = 10
# What the home page shows of an event to come and of a new answer (`site/_home_feed.html`): the rest stays unread.
EVENT_FIELDS = ("pk", "title", "starts_at", "is_online", "city")
ANSWER_FIELDS = ("question_id", "created_at", "author__first_name", "author__last_name", "author__email",
                 "question__content__slug", "question__content__title")


@dataclass
class Follows:
    member: list[int] = field(default_factory=list)
    institution: list[int] = field(default_factory=list)
    theme: list[int] = field(default_factory=list)
    community: list[int] = field(default_factory=list)
    toolbox: list[int] = field(default_factory=list)  # their new items: `toolbox_news`, not the content feed

    @property
    def any(self) -> bool:
        return bool(self.member or self.institution or self.theme or self.community)


_follows = CompiledQuery(lambda member: Follow.objects.filter(follower_id=member).values_list("target_kind",
                                                                                           "target_id"))


def follows_of(user: Any) -> Follows:
    """One query: what the member follows, by kind."""
    follows = Follows()
    for kind, target_id in _follows.rows(user.pk):
        if hasattr(follows, kind):
            getattr(follows, kind).append(target_id)
    return follows


def _followed_contents(actor: Actor, follows: Follows) -> QuerySet[Content]:
    wanted = Q(author_id__in=follows.member) | Q(institution_id__in=follows.institution)
    wanted |= Q(community_id__in=follows.community)
    if follows.theme:
        wanted |= Q(pk__in=Content.themes.through.objects.filter(theme_id__in=follows.theme).values("content_id"))
    return contents_visible_to(actor).filter(wanted).exclude(author_id=actor.id)


def _popular_for_profession(actor: Actor) -> QuerySet[Content]:
    """Default for a new member: reviewed content, most viewed first, for their profession when there is some."""
    visible = contents_visible_to(actor)
    reviewed = visible.filter(reviewed_at__isnull=False)
    profession = getattr(actor.user, "profession", "")
    if profession:
        for_profession = SearchEntry.objects.filter(
            kind="content", professions__contains=f"|{profession}|", is_reviewed=True
        ).values("object_id")
        mine = reviewed.filter(pk__in=for_profession)
        if mine.exists():
            return mine
    return reviewed if reviewed.exists() else visible


def _followed_page(me: int | None, authenticated: bool, verified: bool, moderator: bool, institutions: list[int],
                   communities: list[int], members: list[int], followed_institutions: list[int],
                   followed_communities: list[int], themes: list[int], before: datetime | None,
                   before_pk: int | None) -> QuerySet[Any]:
    actor: Any = Standing(me, authenticated, verified, moderator, institutions, communities)
    follows = Follows(member=members, institution=followed_institutions, community=followed_communities, theme=themes)
    queryset = _followed_contents(actor, follows).order_by("-published_at", "-pk")
    if before is not None:
        queryset = queryset.filter(Q(published_at__lt=before) | Q(published_at=before, pk__lt=before_pk))
    return queryset[: PAGE_SIZE + 1].values_list("pk", "title", "updated_at", "published_at")


# The home's reads, built by the ORM once per process and shape (issue 22: building them was most of its CPU).
_followed_pages = ShapedQuery(_followed_page)
# Each is built from a `Standing` of marker values: the audience rules write the query, as for the ORM's read.
_upcoming = ShapedQuery(lambda *standing_country_followed_now: _upcoming_events_query(
    Standing(*standing_country_followed_now[:6]), *standing_country_followed_now[6:]))
_new_answers = ShapedQuery(lambda *standing_since: _new_answers_query(
    Standing(*standing_since[:6]), standing_since[0], standing_since[6]))


@dataclass
class FeedPage:
    items: list[Row]
    next_cursor: str
    is_default: bool

    @cached_property
    def cards(self) -> list[SafeString]:
        """The items' cards (`site/_feed_card.html`), kept rendered per piece, `updated_at` and language."""
        return render_cards("feed", [(row.pk, row.updated_at) for row in self.items], template="site/_feed_card.html",
                            load=cards_of)


def _cursor(content: Content | Row) -> str:
    return f"{content.published_at.isoformat()}_{content.pk}" if content.published_at else ""


def _cursor_key(cursor: str) -> tuple[datetime | None, int | None]:
    stamp, _sep, pk = (cursor or "").rpartition("_")
    try:
        when = parse_datetime(stamp) if stamp else None
    except ValueError:
        when = None
    if when is None or not pk.isdigit():
        return None, None
    return when, int(pk)


def _after(queryset: QuerySet[Content], cursor: str) -> QuerySet[Content]:
    when, pk = _cursor_key(cursor)
    if when is None:
        return queryset
    return queryset.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk))


def feed_page(
    actor: Actor, *, cursor: str = "", page_size: int = PAGE_SIZE, follows: Follows | None = None
) -> FeedPage:
    follows = follows if follows is not None else follows_of(actor.user)
    before, before_pk = _cursor_key(cursor)
    if follows.any and page_size == PAGE_SIZE and (before is None or before.tzinfo is not None):
        is_default = False
        rows = [Row(*values) for values in _followed_pages.rows(
            *actor.standing().values(), follows.member, follows.institution, follows.community, follows.theme, before,
            before_pk)]
    else:
        if follows.any:
            queryset, is_default = _followed_contents(actor, follows), False
            queryset = _after(queryset.order_by("-published_at", "-pk"), cursor)
        else:
            # The default is a ranking (most viewed), so it has one page only.
            queryset, is_default = _popular_for_profession(actor).order_by("-view_count", "-published_at", "-pk"), True
        # The rows' keys only: their cards are cached (`FeedPage.cards` loads the pieces of those that are not).
        rows = card_rows(queryset[: page_size + 1])
    has_more = len(rows) > page_size and not is_default
    items = rows[:page_size]
    return FeedPage(items, _cursor(items[-1]) if has_more and items else "", is_default)


def upcoming_events(actor: Actor, *, limit: int = 4, follows: Follows | None = None) -> list[Any]:
    """Published events to come: from followed institutions, in the member's country, or online."""
    follows = follows if follows is not None else follows_of(actor.user)
    country = getattr(actor.user, "country", "")
    if actor.is_authenticated and limit == 4:
        return _upcoming.objects(*actor.standing().values(), country, follows.institution, timezone.now())
    return list(_upcoming_events_query(actor, country, follows.institution, timezone.now(), limit))


def _upcoming_events_query(actor: Any, country: str, institutions: list[int], now: datetime,
                           limit: int = 4) -> QuerySet[Event]:
    near = Q(is_online=True) | Q(country=country) | Q(institution_id__in=institutions)
    return (events_visible_to(actor).filter(near, status=Event.Status.PUBLISHED, starts_at__gte=now)
            .only(*EVENT_FIELDS).order_by("starts_at", "pk")[:limit])


def new_answers(actor: Actor, *, days: int = 30, limit: int = 5) -> list[Any]:
    """Recent answers by others to the member's questions, on content they may still see."""
    since = timezone.now() - timedelta(days=days)
    if limit == 5:
        return _new_answers.objects(*actor.standing().values(), since)
    return list(_new_answers_query(actor, actor.id, since, limit))


def _new_answers_query(actor: Any, me: int | None, since: datetime, limit: int = 5) -> QuerySet[Answer]:
    # The content is joined anyway: its audience is a condition on that join rather than an IN subquery.
    return (
        Answer.objects.filter(visible_content_q(actor, "question__content__"), question__author_id=me,
                              created_at__gte=since)
        .exclude(author_id=me).select_related("author", "question__content").only(*ANSWER_FIELDS)
        .order_by("-created_at", "-pk")[:limit]
    )


def digest_items(user: Any, start: datetime, end: datetime, *, limit: int = 20) -> list[dict[str, Any]]:
    """What the weekly digest lists: content published in [start, end) in what the member follows, and answers."""
    actor = Actor(user)
    follows = follows_of(user)
    items = []
    if follows.any:
        contents = _followed_contents(actor, follows).filter(published_at__gte=start, published_at__lt=end)
        for content in contents.select_related("author").order_by("-published_at", "-pk")[:limit]:
            try:
                url = reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"})
            except NoReverseMatch:
                url = ""
            items.append({"kind": "content", "title": content.title, "url": url, "date": content.published_at,
                          "author": content.author.get_full_name(), "summary": content.summary[:200]})
    answers = (Answer.objects.filter(question__author=user, created_at__gte=start, created_at__lt=end,
                                     question__content__in=contents_visible_to(actor))
               .exclude(author=user).select_related("question__content", "author").order_by("-created_at"))
    for answer in answers[:limit]:
        content = answer.question.content
        items.append({"kind": "answer", "title": content.title, "date": answer.created_at,
                      "url": reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"}),
                      "author": answer.author.get_full_name(), "summary": answer.body[:200]})
    for item in prevention_selectors.followed_toolbox_news(actor, follows.toolbox, since=start, until=end,
                                                           limit=limit):
        items.append({"kind": "toolbox", "title": item.label, "date": item.added_at,
                      "url": f"{reverse('prevention:toolbox', args=[item.toolbox.slug])}#item-{item.pk}",
                      "author": item.toolbox.title, "summary": item.note[:200]})
    return items


def home_context(actor: Actor, *, cursor: str = "") -> dict[str, Any]:
    """What the logged-in home page shows: the feed's first page, events to come, new answers."""
    follows = follows_of(actor.user)  # once for the whole page
    return {"feed": feed_page(actor, cursor=cursor, follows=follows),
            "upcoming_events": upcoming_events(actor, follows=follows), "new_answers": new_answers(actor),
            "toolbox_news": prevention_selectors.followed_toolbox_news(
                actor, follows.toolbox, since=timezone.now() - timedelta(days=30))}
