"""Benchmark data of search for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from django.apps import apps

from praxis.core.scale import SLUG_PREFIX, Context, Generator
from praxis.search import registry
from praxis.search.services import bulk_index


def search_present(ctx: Context) -> bool:
    SearchEntry = apps.get_model("search", "SearchEntry")
    Content = apps.get_model("content", "Content")
    scale_ids = Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published").values("pk")
    return SearchEntry.objects.filter(kind="content", object_id__in=scale_ids).exists()


def search_delete(ctx: Context) -> None:
    return None  # bulk_index replaces the entries of the objects it indexes


def search_create(ctx: Context) -> str:
    counts = []
    registered = {registration.kind: registration for registration in registry.kinds()}
    for kind in ("content", "institution"):  # both identify scale rows by their slug
        if kind in registered:
            queryset = registered[kind].all_objects().filter(slug__startswith=SLUG_PREFIX)
            counts.append(f"{bulk_index(kind, queryset)} {kind}")
    return "indexed " + ", ".join(counts)


GENERATORS = [
    Generator("search", ["search.SearchEntry"], search_present, search_delete, search_create),
]
