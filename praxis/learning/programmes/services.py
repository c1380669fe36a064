"""Writing programmes: create, edit, add/move/remove courses, publish. Each change writes one audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action

from .. import rules
from ..models import Course, Programme, ProgrammeCourse, PublicationStatus

FIELDS = ("title", "summary", "visibility")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "programme"
    slug, n = base, 1
    while Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def programme_create(*, actor: Actor, data: dict[str, Any], shared_with: Any = ()) -> Programme:
    """A draft programme of the institution chosen (None: the platform, for platform admins)."""
    owner = data.get("owner_institution")
    if not rules.can_write_for(actor, owner):
        raise ValidationError({"owner_institution": _("You cannot write programmes for this institution.")})
    programme = Programme(owner_institution=owner, created_by=actor.user, slug=_unique_slug(data["title"]),
                          **{field: data[field] for field in FIELDS})
    programme.full_clean()
    programme.save()
    programme.shared_with.set(shared_with)
    audit.log(actor, Action.LEARNING_PROGRAMME_CREATED, programme, {"title": programme.title})
    return programme


@transaction.atomic
def programme_update(*, actor: Actor, programme: Programme, data: dict[str, Any], shared_with: Any = ()) -> Programme:
    rules.check_edit_programme(actor, programme)
    for field in FIELDS:
        setattr(programme, field, data[field])
    programme.full_clean()
    programme.save()
    programme.shared_with.set(shared_with)
    audit.log(actor, Action.LEARNING_PROGRAMME_UPDATED, programme, {"change": "settings"})
    return programme


def _reports_changed(programme: Programme) -> None:
    """An assigned programme's courses decide who has "started" it in the institutions' training reports."""
    from ..mandatory.models import Assignment
    from ..mandatory.services import report_figures_changed

    report_figures_changed(Assignment.objects.filter(programme=programme).values_list("institution_id", flat=True))


@transaction.atomic
def programme_item_add(*, actor: Actor, programme: Programme, course: Course) -> ProgrammeCourse:
    """Add a course at the end. Once per course (any version: learners follow the published one)."""
    rules.check_edit_programme(actor, programme)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if not rules.programme_course_choices(programme).filter(pk=course.pk).exists():
        raise ValidationError({"course": _("The learners of this programme could not open this course.")})
    if programme.items.filter(course__slug=course.slug).exists():
        raise ValidationError({"course": _("This course is already in the programme.")})
    last = programme.items.aggregate(last=Max("position"))["last"] or 0
    item = ProgrammeCourse.objects.create(programme=programme, course=course, position=last + 1)
    _reports_changed(programme)
    audit.log(actor, Action.LEARNING_PROGRAMME_UPDATED, programme, {"change": "course_added", "course_id": course.pk})
    return item


@transaction.atomic
def programme_item_move(*, actor: Actor, item: ProgrammeCourse, offset: int) -> None:
    """Swap the course with its neighbour (offset -1: up, +1: down); positions renumbered 1..n."""
    programme = item.programme
    rules.check_edit_programme(actor, programme)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    items = list(programme.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    audit.log(actor, Action.LEARNING_PROGRAMME_UPDATED, programme,
              {"change": "course_moved", "course_id": item.course_id, "offset": offset})


@transaction.atomic
def programme_item_remove(*, actor: Actor, item: ProgrammeCourse) -> None:
    programme = item.programme
    rules.check_edit_programme(actor, programme)
    course_id = item.course_id
    item.delete()
    _reports_changed(programme)
    audit.log(actor, Action.LEARNING_PROGRAMME_UPDATED, programme, {"change": "course_removed",
                                                                    "course_id": course_id})


@transaction.atomic
def programme_publish(*, actor: Actor, programme: Programme) -> Programme:
    """Make the programme visible to its learners; it needs at least one course."""
    rules.check_edit_programme(actor, programme)
    count = programme.items.count()
    if not count:
        raise ValidationError(_("Add at least one course before publishing."))
    programme.status = PublicationStatus.PUBLISHED
    programme.updated_at = timezone.now()
    programme.save(update_fields=["status", "updated_at"])
    audit.log(actor, Action.LEARNING_PROGRAMME_PUBLISHED, programme, {"courses": count})
    return programme
