"""Test data for the prevention app: answers to walk through a screening, and stored screenings."""

from __future__ import annotations

from datetime import date
from typing import Any

from praxis.prevention import icope, services
from praxis.prevention.tests.test_icope import HEALTHY

CONTEXT_SELF = {"run_by": "carer", "age_band": "80-89", "country": "BE", "area": "be-wht"}
CONTEXT_PRO = {"age_band": "70-79", "country": "FR", "area": "fr-59"}


def post_data(step: icope.Step, answers: dict[str, Any]) -> dict[str, Any]:
    """What a browser posts for one screen, from the instrument's answer values."""
    data: dict[str, Any] = {}
    for key in step.items:
        item = icope.ITEMS_BY_KEY[key]
        if item.kind == "yes_no":
            data[key] = "yes" if answers[key] else "no"
        elif item.kind == "words":
            data[key] = [str(i) for i in range(answers[key])]
        elif item.kind == "seconds":
            if answers[key] is None:
                data[f"{key}_not_done"] = "on"
            else:
                data[f"{key}_seconds"] = answers[key].replace(".", ",")  # French decimal comma
    return data


def make_screening(*, on: date | None = None, area: str = "be-wht", country: str = "BE", run_by: str = "self",
                   age_band: str = "70-79", **answers: Any) -> Any:
    return services.screening_record(run_by=run_by, age_band=age_band, country=country, area=area,
                                     answers=HEALTHY | answers, screened_on=on)


def make_toolbox(institution: Any, *, slug: str = "", title: str = "Boîte de test", status: str = "published",
                 visibility: str = "public", audience: str = "professionals", links: int = 0, **fields: Any) -> Any:
    """A toolbox with one section and `links` external links, written straight to the database."""
    from django.utils import timezone

    from praxis.prevention.models import Toolbox, ToolboxItem, ToolboxSection

    toolbox = Toolbox.objects.create(
        slug=slug or f"boite-{Toolbox.objects.count() + 1}", title=title, status=status, visibility=visibility,
        audience=audience, institution=institution, introduction="Pour commencer.",
        published_at=timezone.now() if status == "published" else None, **fields)
    section = ToolboxSection.objects.create(toolbox=toolbox, title="L'essentiel", position=1)
    for n in range(links):
        ToolboxItem.objects.create(toolbox=toolbox, section=section, kind="link", position=n + 1,
                                   url=f"https://exemple.org/page-{n}", title=f"Lien externe {n}")
    return toolbox
