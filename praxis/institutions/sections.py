"""Sections other apps add to an institution's page (its content, events, job offers...).

In your app's `AppConfig.ready()`:

    from praxis.institutions.sections import register_section

    def upcoming_events(actor, institution):
        rows = events_visible_to(actor).filter(institution=institution)[:5]
        if not rows:
            return None
        return {"title": _("Upcoming events"), "template": "events/_institution_events.html",
                "context": {"events": rows}, "more_url": reverse(...)}

    register_section(upcoming_events)

The function receives the request's actor, so it shows only what the actor may see; return None to show nothing.
The included template reads `institution` and `section.context` (e.g. `{% for event in section.context.events %}`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from praxis.core.actor import Actor

Section = dict[str, Any]
SectionFunction = Callable[[Any, Any], Section | None]

_SECTIONS: list[SectionFunction] = []


def register_section(function: SectionFunction) -> SectionFunction:
    if function not in _SECTIONS:
        _SECTIONS.append(function)
    return function


def sections_for(actor: Actor, institution: Any) -> list[Section]:
    found = []
    for function in _SECTIONS:
        section = function(actor, institution)
        if section:
            found.append(section)
    return found
