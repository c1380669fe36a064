"""The kinds of objects search knows about. Each app registers its kinds in its own `search.py` module.

A registration says how to turn one object into an index document, and which selector decides who may see it.

A document may carry its **audience** key ("public", "verified", "institution:12", "community:3": see
`praxis.core.actor.Actor.audience_keys`): search then filters candidates on the actor's keys in the same SQL scan,
instead of asking the kind's selector about each of them. Kinds whose visibility is not a fixed key (a job offer
expires on a date, with no save) leave it empty and every candidate goes through `visible_to(actor)`. Either way,
the hits shown are checked through `visible_to(actor)`, so the index may lag behind the database but never shows
an object to someone who may not see it; counts and facets may be off for the seconds an audience change takes to
be re-indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

from praxis.core.actor import Standing
from praxis.core.compiled import ShapedQuery


@dataclass
class Document:
    """What the index stores for one object. `body` is plain text; `themes` and `professions` are slugs/codes."""

    title: str
    body: str = ""
    language: str = "fr"
    url: str = ""
    date: datetime | None = None
    themes: list[str] = field(default_factory=list)
    professions: list[str] = field(default_factory=list)
    country: str = ""
    is_reviewed: bool = False
    popularity: int = 0
    audience: str = ""  # "" = ask the kind's selector


@dataclass
class Registration:
    kind: str
    label: str | Promise
    model: type[models.Model]
    visible_to: Callable[[Any], models.QuerySet[Any]]
    document: Callable[[Any], Document | None]  # None: not indexed (draft, rejected...)
    queryset: Callable[[], models.QuerySet[Any]] | None = None  # what rebuild and catch-up walk (with prefetches)
    updated_field: str = "updated_at"
    weights: dict[str, str] = field(default_factory=lambda: {"title": "A", "body": "B"})
    facets: tuple[str, ...] = ("theme", "profession", "country", "language", "date")
    # Documents built from another kind's objects (a question carries its content's title, themes and audience):
    # {other kind: ids of those objects -> this kind's objects to re-index when they change}.
    follows: dict[str, Callable[[list[int]], models.QuerySet[Any]]] = field(default_factory=dict)
    # The ids among these that `visible_to(actor)` holds, by a faster read of the same rule (`standing_ids`); None:
    # `visible_to` is asked (the hits shown are checked this way on every results page).
    visible_ids: Callable[[Any, list[int]], list[int]] | None = None

    def all_objects(self) -> models.QuerySet[Any]:
        return self.queryset() if self.queryset else self.model._default_manager.all()


def standing_ids(rule: Callable[[Any], models.QuerySet[Any]]) -> Callable[[Any, list[int]], list[int]]:
    """`visible_ids` for a `visible_to` rule that reads only what a `praxis.core.actor.Standing` holds (id,
    verification, moderation, institution and community ids): the rule builds the query from marker values, compiled
    once per shape (`praxis.core.compiled.ShapedQuery`), then only executed with the actor's values and the ids.
    Building the ORM query was ~0.3 ms of each results page; a rule that reads anything else fails when compiled."""
    query = ShapedQuery(lambda *values: rule(Standing(*values[:6])).filter(pk__in=values[6]).order_by()
                        .values_list("pk"), shapes=256)

    def read(actor: Any, ids: list[int]) -> list[int]:
        return [pk for (pk,) in query.rows(*actor.standing().values(), list(ids))]

    return read


@dataclass
class Vocabulary:
    """The words documents are tagged with (themes): their names for the facets, and those autocomplete offers.
    Declared by the app that owns them, so that search imports no app."""

    labels: Callable[[list[str]], dict[str, str]]  # slugs -> {slug: name}
    names: Callable[[], Iterable[tuple[str, str]]]  # every active (name, slug)


_registry: dict[str, Registration] = {}
_vocabularies: dict[str, Vocabulary] = {}
_loaded = False


def register_vocabulary(facet: str, vocabulary: Vocabulary) -> None:
    """Give a facet ("theme") its labels and its autocomplete names."""
    _vocabularies[facet] = vocabulary


def vocabulary(facet: str) -> Vocabulary | None:
    load()
    return _vocabularies.get(facet)


def register(registration: Registration) -> Registration:
    """Register a kind; its index entries follow its objects' saves and deletions (`hooks`, connected at start-up)."""
    _registry[registration.kind] = registration
    return registration


def kind_for(model: type[models.Model]) -> str | None:
    for registration in _registry.values():
        if registration.model is model:
            return registration.kind
    return None


def load() -> None:
    """Import every installed app's `search.py` module (done once, at start-up, by the search app config)."""
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("praxis.") and module_has_submodule(config.module, "search"):
            import_module(f"{config.name}.search")
    _loaded = True


def get(kind: str) -> Registration:
    load()
    return _registry[kind]


def kinds() -> Iterable[Registration]:
    load()
    return list(_registry.values())


def followers(kind: str) -> list[tuple[Registration, Callable[[list[int]], models.QuerySet[Any]]]]:
    """The kinds whose documents are built partly from objects of `kind`, with how to find them."""
    return [(registration, registration.follows[kind]) for registration in kinds() if kind in registration.follows]
