"""Reads of the SCORM part: what the lesson page launches, and what reports show of an attempt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

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


def attempt_for_commit(slug: str, lesson_id: int, attempt_id: int) -> ScormAttempt:
    """The attempt named by a commit's URL, in one query (404 if the URL does not hold together).

    Whose attempt it is, rules.check_commit says (403): an enrolled learner may always report on their own attempt
    (they keep their course version), so the course's visibility is not read again on each commit."""
    attempt = (ScormAttempt.objects.filter(pk=attempt_id, progress__lesson_id=lesson_id,
                                           progress__lesson__course__slug=slug)
               .select_related("progress__enrolment", "package").first())
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
