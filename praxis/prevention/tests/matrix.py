"""Permission-matrix rows for every prevention route (see praxis/testing/matrix.py)."""

from datetime import date
from types import SimpleNamespace

from praxis.prevention import icope, wizard
from praxis.testing.matrix import LOGIN, Route, everyone, members_only

CONTEXT = {"slug": "contexte"}
LATER = {"slug": "rappel"}
FLAGS = dict.fromkeys(icope.DOMAIN_KEYS, False) | {icope.MOBILITY: True, icope.HEARING: True}


def setup(world: SimpleNamespace) -> None:
    from praxis.institutions.tests.factories import load_test_places
    from praxis.prevention.tests.factories import make_toolbox

    load_test_places()
    institution = world.personas.institution
    world.toolbox = make_toolbox(institution, slug="boite-publique", links=1)
    world.members_toolbox = make_toolbox(institution, slug="boite-membres", visibility="members")
    world.draft_toolbox = make_toolbox(institution, slug="boite-brouillon", status="draft")
    world.toolbox_item = world.toolbox.items.get()
    world.toolbox_section = world.toolbox.sections.get()


def toolbox(world: SimpleNamespace) -> dict[str, str]:
    return {"slug": world.toolbox.slug}


def section(world: SimpleNamespace) -> dict[str, object]:
    return {"slug": world.toolbox.slug, "section_id": world.toolbox_section.pk}


def item(world: SimpleNamespace) -> dict[str, object]:
    return {"slug": world.toolbox.slug, "item_id": world.toolbox_item.pk}


# Editors of a toolbox: the members of its institution (the personas' institution) and platform admins.
EDITORS = {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200, "platform_admin": 200, "*": 403}


def editors(ok: int) -> dict[str, int]:
    return {key: ok if value == 200 else value for key, value in EDITORS.items()}


def result(world: SimpleNamespace) -> dict[str, str]:
    return {"token": wizard.result_token(wizard.SELF, icope.VERSION, date(2026, 11, 30), FLAGS)}

ROUTES = [
    # The self-assessment is public; a screen further on sends back to the first unanswered one.
    Route("prevention:self_start", everyone()),
    Route("prevention:self_start", everyone(405), method="post"),
    Route("prevention:self_step", everyone(), kwargs=CONTEXT),
    Route("prevention:self_step", everyone(), kwargs=CONTEXT, htmx=True),
    Route("prevention:self_step", everyone(400), kwargs=CONTEXT, method="post"),
    Route("prevention:self_step", everyone(302), kwargs=LATER),
    # The professional version: any signed-in member.
    Route("prevention:pro_start", members_only()),
    Route("prevention:pro_step", members_only(), kwargs=CONTEXT),
    Route("prevention:pro_step", members_only(400), kwargs=CONTEXT, method="post"),
    Route("prevention:pro_step", members_only(302), kwargs=LATER),
    # A result is read from its signed token: public (it holds no identity); an altered token is not found.
    Route("prevention:result", everyone(), kwargs=result),
    Route("prevention:result", everyone(), kwargs=result, data={"country": "BE", "postal_code": "7000"}, htmx=True),
    Route("prevention:result", everyone(400), kwargs=result, data={"country": "BE", "postal_code": "0001"}),
    Route("prevention:result", everyone(404), kwargs={"token": "not-a-token"}),
    Route("prevention:result", everyone(405), kwargs=result, method="post"),
    Route("prevention:result_pdf", everyone(), kwargs=result),
    Route("prevention:result_ics", everyone(), kwargs=result),
    # The space for patients and carers: public.
    Route("prevention:patients", everyone()),
    Route("prevention:patients", everyone(), data={"langue": "nl"}),
    Route("prevention:patients", everyone(405), method="post"),
    # Toolboxes: a list for everyone; public ones for everyone, members-only ones for members, drafts for editors.
    Route("prevention:toolboxes", everyone()),
    Route("prevention:toolboxes", everyone(), htmx=True, data={"pour": "patients"}),
    Route("prevention:toolboxes", everyone(405), method="post"),
    Route("prevention:toolbox", everyone(), kwargs=toolbox),
    Route("prevention:toolbox", everyone(405), kwargs=toolbox, method="post"),
    Route("prevention:toolbox", {"anonymous": 404, "*": 200}, kwargs={"slug": "boite-membres"}),
    Route("prevention:toolbox", editors(200) | {"anonymous": 404, "*": 404}, kwargs={"slug": "boite-brouillon"}),
    Route("prevention:toolbox", everyone(404), kwargs={"slug": "aucune"}),
    Route("prevention:toolbox_pdf", everyone(), kwargs=toolbox),
    Route("prevention:toolbox_pdf", {"anonymous": 404, "*": 200}, kwargs={"slug": "boite-membres"}),
    # Starting one: members of an institution (for it), platform admins.
    Route("prevention:toolbox_create", EDITORS),
    Route("prevention:toolbox_create", editors(400), method="post"),
    # Curating: the toolbox's editors; an incomplete form is refused (400), the others are forbidden.
    Route("prevention:toolbox_edit", EDITORS, kwargs=toolbox),
    Route("prevention:toolbox_edit", editors(400), kwargs=toolbox, method="post"),
    Route("prevention:section_add", EDITORS, kwargs=toolbox),
    Route("prevention:section_add", editors(400), kwargs=toolbox, method="post"),
    Route("prevention:section_edit", EDITORS, kwargs=section),
    Route("prevention:section_edit", editors(400), kwargs=section, method="post"),
    Route("prevention:item_add", EDITORS, kwargs=toolbox),
    Route("prevention:item_add", editors(400), kwargs=toolbox, method="post"),
    Route("prevention:item_change", editors(400), kwargs=item, method="post"),
    Route("prevention:item_change", everyone(405), kwargs=item),
    # Following: any signed-in member who may read it (then back to the toolbox).
    Route("prevention:toolbox_follow", members_only(302), kwargs=toolbox, method="post"),
    Route("prevention:toolbox_follow", members_only(200), kwargs=toolbox, method="post", htmx=True),
    Route("prevention:toolbox_follow", {"anonymous": LOGIN, "*": 404}, kwargs={"slug": "aucune"}, method="post"),
    Route("prevention:toolbox_follow", everyone(405), kwargs=toolbox),
    # Aggregated figures: programme coordinators and platform admins.
    Route("prevention:figures", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}),
    Route("prevention:figures", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}, htmx=True,
          data={"area": "be-wht", "months": "6"}),
]
