"""Reading programmes: a learner's page (progress across its courses) and the authors' lists. Bounded queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from praxis.core.actor import Actor

from .. import rules
from ..models import Course, Enrolment, Programme, ProgrammeCourse, PublicationStatus


@dataclass
class Step:
    item: ProgrammeCourse
    course: Course  # the published version learners follow (or the version chosen, if none is published)
    status: str  # "completed", "in_progress", "not_started"


def visible_programme_or_404(actor: Actor, slug: str) -> Programme:
    programme = rules.programmes_visible_to(actor).filter(slug=slug).select_related("owner_institution").first()
    if programme is None:
        raise Http404
    return programme


def editable_programme_or_404(actor: Actor, programme_id: int) -> Programme:
    """Programmes the actor authors; another's draft does not exist for them, a published one is refused (403)."""
    programme = Programme.objects.filter(pk=programme_id).select_related("owner_institution").first()
    if programme is None or (not rules.can_edit_programme(actor, programme)
                             and not rules.programmes_visible_to(actor).filter(pk=programme.pk).exists()):
        raise Http404
    return programme


def item_or_404(actor: Actor, item_id: int) -> ProgrammeCourse:
    item = ProgrammeCourse.objects.filter(pk=item_id).select_related("programme").first()
    if item is None:
        raise Http404
    editable_programme_or_404(actor, item.programme_id)
    return item


def steps(actor: Actor, programme: Programme) -> list[Step]:
    """The programme's courses in order, each resolved to its published version, with the actor's progress (by
    slug: any version counts). Three queries whatever the number of courses."""
    items = list(programme.items.select_related("course").order_by("position", "pk"))
    slugs = [item.course.slug for item in items]
    published = {c.slug: c for c in Course.objects.filter(slug__in=slugs, status=PublicationStatus.PUBLISHED)}
    states: dict[str, str] = {}
    if actor.id is not None:
        for slug, status in (Enrolment.objects.filter(user_id=actor.id, course__slug__in=slugs)
                             .values_list("course__slug", "status")):
            if states.get(slug) != Enrolment.Status.COMPLETED:
                states[slug] = status
    return [Step(item=item, course=published.get(item.course.slug, item.course),
                 status=states.get(item.course.slug, "not_started")) for item in items]


def authored_programmes(actor: Actor) -> QuerySet[Programme]:
    return rules.programmes_authored_by(actor).select_related("owner_institution").annotate(
        course_count=Count("items")).order_by("title")


def published_programmes(actor: Actor) -> QuerySet[Programme]:
    """Programmes the actor may follow (the catalogue lists them)."""
    return rules.programmes_visible_to(actor).filter(status=PublicationStatus.PUBLISHED).select_related(
        "owner_institution").annotate(course_count=Count("items")).order_by("title")
