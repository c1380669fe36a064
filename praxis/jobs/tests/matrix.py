"""Permission-matrix rows for every jobs route (see praxis/testing/matrix.py)."""

from types import SimpleNamespace
from typing import Any

from praxis.testing.matrix import LOGIN, Route, everyone, members_only, moderators_only

from .factories import make_offer, make_saved_search

POSTERS = {"institution_admin", "institution_staff"}


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.offer = make_offer(p.institution, p.institution_admin)
    world.saved = make_saved_search(p.verified_gp, profession="nurse")


def offer(w: SimpleNamespace) -> dict[str, Any]:
    return {"offer_id": w.offer.pk}


# Members flag an offer, not those of its institution.
FLAGGERS = {"anonymous": LOGIN, **dict.fromkeys(POSTERS, 403), "*": 200}

ROUTES = [
    Route("jobs:flag", FLAGGERS, kwargs=offer),
    Route("jobs:flag", {**FLAGGERS, "*": 400}, kwargs=offer, method="post"),
    Route("jobs:unpublish", moderators_only(), kwargs=offer),
    Route("jobs:unpublish", moderators_only(400), kwargs=offer, method="post"),
    Route("jobs:list", everyone()),
    Route("jobs:list", everyone(), htmx=True),
    Route("jobs:list", everyone(405), method="post"),
    Route("jobs:create", {"anonymous": LOGIN, **dict.fromkeys(POSTERS, 200), "*": 403}),
    Route("jobs:create", {"anonymous": LOGIN, **dict.fromkeys(POSTERS, 400), "*": 403}, method="post"),
    Route("jobs:detail", everyone(), kwargs=offer),
    Route("jobs:detail", everyone(), kwargs=offer, htmx=True),
    Route("jobs:edit", {"anonymous": LOGIN, **dict.fromkeys(POSTERS | {"moderator", "platform_admin"}, 200),
                        "*": 403}, kwargs=offer),
    # The moderator withdraws the offer first (personas run in order): the facilitator, after, no longer sees it.
    Route("jobs:withdraw", {"anonymous": LOGIN, **dict.fromkeys(POSTERS | {"moderator", "platform_admin"}, 302),
                            "facilitator": 404, "*": 403}, kwargs=offer, method="post"),
    # Candidates write to the institution; its own people do not.
    Route("jobs:contact", {"anonymous": LOGIN, **dict.fromkeys(POSTERS, 403), "*": 400}, kwargs=offer,
          method="post"),
    Route("jobs:contact", everyone(405), kwargs=offer),
    Route("jobs:saved_searches", members_only()),
    Route("jobs:saved_searches", members_only(), htmx=True),
    Route("jobs:search_save", members_only(302), method="post"),
    Route("jobs:search_delete", {"anonymous": LOGIN, "verified_gp": 302, "*": 404},
          kwargs=lambda w: {"search_id": w.saved.pk}, method="post"),
]
