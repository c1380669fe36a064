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

    load_test_places()


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
    Route("prevention:patients", everyone(405), method="post"),
    # Aggregated figures: programme coordinators and platform admins.
    Route("prevention:figures", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}),
    Route("prevention:figures", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}, htmx=True,
          data={"area": "be-wht", "months": "6"}),
]
