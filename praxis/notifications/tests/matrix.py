from types import SimpleNamespace

from praxis.core import audit
from praxis.notifications.models import Notification
from praxis.notifications.services import dispatch_entry
from praxis.notifications.unsubscribe import unsubscribe_token
from praxis.search.tests.factories import make_content
from praxis.testing.matrix import LOGIN, Route, everyone, members_only


def setup(world: SimpleNamespace) -> None:
    content = make_content("Pansement de brûlure", author=world.personas.verified_gp)
    entry = audit.log(world.personas.reviewer, "review.submission.approved", content, {})
    dispatch_entry(entry_id=entry.pk)  # in a transactional test, the audit entry's own dispatch may come first
    world.notification = Notification.objects.get(audit_entry=entry, recipient=world.personas.verified_gp)
    world.unsubscribe_token = unsubscribe_token(world.personas.verified_gp, "digest")


def _own_notification(ok: int) -> dict[str, int]:
    # Only its recipient (the verified GP) reaches it; anyone else gets 404 as if it did not exist.
    return {"anonymous": LOGIN, "verified_gp": ok, "*": 404}


ROUTES = [
    Route("notifications:list", members_only()),
    Route("notifications:list", members_only(), htmx=True),
    Route("notifications:list", everyone(405), method="post"),
    Route("notifications:mark_read", _own_notification(302), method="post",
          kwargs=lambda w: {"notification_id": w.notification.pk}),
    Route("notifications:mark_read", everyone(405), kwargs=lambda w: {"notification_id": w.notification.pk}),
    Route("notifications:mark_all_read", members_only(302), method="post"),
    Route("notifications:mark_all_read", everyone(405)),
    Route("notifications:bell", members_only(), htmx=True),
    Route("notifications:preferences", members_only()),
    Route("notifications:preferences", members_only(302), method="post", data={"answers__email": "on"}),
    Route("notifications:unsubscribe", everyone(), kwargs=lambda w: {"token": w.unsubscribe_token}),
    Route("notifications:unsubscribe", everyone(400), kwargs={"token": "tampered-token"}),
    Route("notifications:unsubscribe", everyone(), method="post", kwargs=lambda w: {"token": w.unsubscribe_token}),
]
