"""Demo: Dr Martin follows two themes and a colleague, and has notifications built from the demo audit log."""

from datetime import timedelta

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.institutions.models import Follow
from praxis.notifications import registry, services
from praxis.notifications.models import Notification


def seed() -> str:
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    reviewer = User.objects.filter(email="relecteur@praxis.local").first()
    if martin is None:
        return "no demo members"
    followed = 0
    for theme in Theme.objects.filter(contents__status=Content.Status.PUBLISHED).distinct()[:2]:
        _row, created = Follow.objects.get_or_create(follower=martin, target_kind=Follow.Kind.THEME, target_id=theme.pk)
        followed += int(created)
    colleague = User.objects.filter(email="claire.renard@praxis.local").first()
    if colleague:
        _row, created = Follow.objects.get_or_create(follower=martin, target_kind=Follow.Kind.MEMBER,
                                                     target_id=colleague.pk)
        followed += int(created)
    created = services.catch_up(since=timezone.now() - timedelta(days=3650))
    if not Notification.objects.filter(recipient=martin).exists() and reviewer is not None:
        # Martin has published nothing in the demo: tell him about a reviewer's decision on a piece of his.
        own = Content.objects.filter(author=martin, status=Content.Status.PUBLISHED).first()
        if own is not None:
            entry = audit.log(Actor(reviewer), Action.REVIEW_SUBMISSION_APPROVED, own, {"demo": True})
            created += len(services.dispatch_entry(entry_id=entry.pk))
    already = AuditEntry.objects.filter(action__in=registry.actions()).count()
    return f"{followed} follows, {created} notifications ({already} audit entries that notify)"
