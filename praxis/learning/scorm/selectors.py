"""Reads of the SCORM part: what the lesson page launches, and what reports show of an attempt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from praxis.core.compiled import MARKER
from praxis.core.http import PraxisRequest

from ..models import Lesson
from . import origin, runtime
from .models import ScormAttempt, ScormPackage


def status_label(status: str) -> str:
    return str({
        runtime.NOT_ATTEMPTED: _("not started"), runtime.INCOMPLETE: _("in progress"),
        runtime.COMPLETED: _("completed"), runtime.PASSED: _("passed"), runtime.FAILED: _("failed"),
    }.get(status, status))


def package_of(lesson: Lesson) -> ScormPackage | None:
    return ScormPackage.objects.filter(lesson=lesson).first()


# The commit URL's values in the compiled statement (`_CommitRead`): values no real row holds.
_ATTEMPT_MARKER, _LESSON_MARKER, _SLUG_MARKER = MARKER, MARKER + 1, "\x1fpraxis-scorm-commit-slug\x1f"


class _CommitRead:
    """The attempt named by a commit's URL, with its progress, enrolment and package: built and compiled by the ORM once
    per process and database, then only executed with the URL's values (as `content.selectors._PageRead`, the joined
    rows populated as the ORM's own iterable does). Building that four-way join was ~45 % of a commit's CPU (issue
    22); a runtime posts a commit every few seconds per learner."""

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, list[Any], list[int], Any, int, int, list[str], list[Any]]] = {}

    def _sql(self, using: str) -> tuple[str, list[Any], list[int], Any, int, int, list[str], list[Any]]:
        found = self._compiled.get(using)
        if found is None:
            queryset = (ScormAttempt.objects.filter(pk=_ATTEMPT_MARKER, progress__lesson_id=_LESSON_MARKER,
                                                    progress__lesson__course__slug=_SLUG_MARKER)
                        .select_related("progress__enrolment", "package").order_by("pk")[:1])
            if queryset._fetch_mode.track_peers:  # type: ignore[attr-defined]  # Django 6.1, not in the stubs yet
                raise ValueError("the commit's read is compiled for the default fetch mode")
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            markers = (_ATTEMPT_MARKER, _LESSON_MARKER, _SLUG_MARKER)
            places = [[i for i, param in enumerate(params) if type(param) is type(marker) and param == marker]
                      for marker in markers]
            if any(len(found_at) != 1 for found_at in places):
                raise ValueError(f"the URL's values are not one parameter each of {sql}")
            columns = compiler.klass_info["select_fields"]
            start, end = columns[0], columns[-1] + 1
            names = [column[0].target.attname for column in compiler.select[start:end]]
            populators = get_related_populators(compiler.klass_info, compiler.select, using, DEFAULT_FETCH_MODE)
            found = self._compiled[using] = (sql, list(params), [at[0] for at in places], compiler, start, end, names,
                                             populators)
        return found

    def attempt(self, slug: str, lesson_id: int, attempt_id: int, using: str = DEFAULT_DB_ALIAS) -> ScormAttempt | None:
        sql, params, places, compiler, start, end, names, populators = self._sql(using)
        params = list(params)
        for place, value in zip(places, (attempt_id, lesson_id, slug), strict=True):
            params[place] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        row = next(iter(compiler.results_iter([rows])))  # the columns' converters, as the ORM applies them
        attempt = ScormAttempt.from_db(using, names, row[start:end], fetch_mode=DEFAULT_FETCH_MODE)
        for populator in populators:
            populator.populate(row, attempt)
        return attempt


_commit_read = _CommitRead()


def attempt_for_commit(slug: str, lesson_id: int, attempt_id: int) -> ScormAttempt:
    """The attempt named by a commit's URL, in one query (404 if the URL does not hold together).

    Whose attempt it is, rules.check_commit says (403): an enrolled learner may always report on their own attempt
    (they keep their course version), so the course's visibility is not read again on each commit."""
    attempt = _commit_read.attempt(slug, lesson_id, attempt_id)
    if attempt is None:
        raise Http404
    return attempt


def resume_for(attempt: ScormAttempt | None, package: ScormPackage, identifier: str, *, learner_id: str,
               learner_name: str) -> dict[str, Any]:
    item = next((item for item in package.launchable() if item.identifier == identifier), None)
    return runtime.resume_data(
        version=package.version, cmi=attempt.cmi if attempt else {},
        total_seconds=attempt.total_seconds if attempt else 0, learner_id=learner_id, learner_name=learner_name,
        mastery_score=item.mastery_score if item else None, data_from_lms=item.data_from_lms if item else "",
        scaled_passing_score=item.scaled_passing_score if item else None,
        completion_threshold=item.completion_threshold if item else None)


@dataclass
class Player:
    package: ScormPackage
    launch: dict[str, Any]  # the JSON the lesson page's script reads
    rows: list[dict[str, Any]]  # the table of contents: title, depth, identifier (launchable), status label
    content_origin: str


def player_for(request: PraxisRequest, lesson: Lesson, package: ScormPackage,
               attempts: list[ScormAttempt] | None) -> Player:
    """The lesson page's launch data: the player's URL on the content origin, each SCO with its resume data and
    the URL its commits go to (none in a preview), and the SCO to open first (the first one not done)."""
    actor = request.actor
    platform_origin = f"{request.scheme}://{request.get_host()}"
    token = origin.make_token(content_prefix=package.content_prefix, platform_origin=platform_origin,
                              version=package.version)
    by_item = {attempt.item_identifier: attempt for attempt in attempts or []}
    user = actor.user
    assert user is not None  # the lesson page is for signed-in members
    learner_name = f"{user.last_name}, {user.first_name}".strip(", ") or user.email
    items = []
    start = ""
    for item in package.launchable():
        attempt = by_item.get(item.identifier)
        if not start and (attempt is None or attempt.status not in (runtime.COMPLETED, runtime.PASSED)):
            start = item.identifier
        items.append({
            "identifier": item.identifier, "title": item.title,
            "src": "../f/" + quote(item.launch, safe="/?=&;%#"),
            "commitUrl": reverse("learning:scorm_commit", args=[lesson.course.slug, lesson.pk, attempt.pk])
            if attempt else "",
            "cmi": resume_for(attempt, package, item.identifier, learner_id=str(user.pk), learner_name=learner_name),
        })
    rows: list[dict[str, Any]] = []

    def walk(nodes: list[Any], depth: int) -> None:
        for node in nodes:
            attempt = by_item.get(node.identifier)
            rows.append({"identifier": node.identifier if node.launch else "", "title": node.title, "depth": depth,
                         "state": status_label(attempt.status) if attempt else ""})
            walk(node.children, depth + 1)

    walk(package.items(), 0)
    launch = {
        "contentOrigin": origin.content_origin(), "playerUrl": origin.player_url(token),
        "start": start or (items[0]["identifier"] if items else ""), "items": items,
        "messages": {"failed": _("Your progress could not be saved; it will be sent again.")},
    }
    return Player(package=package, launch=launch, rows=rows, content_origin=origin.content_origin())
