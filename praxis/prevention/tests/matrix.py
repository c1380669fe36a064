"""Permission-matrix rows for every prevention route (see praxis/core/matrix.py)."""

from praxis.testing.matrix import LOGIN, Route, everyone, members_only

CONTEXT = {"slug": "contexte"}
LATER = {"slug": "rappel"}

ROUTES = [
    # The self-assessment is public; a screen further on sends back to the first unanswered one.
    Route("prevention:self_start", everyone()),
    Route("prevention:self_start", everyone(405), method="post"),
    Route("prevention:self_step", everyone(), kwargs=CONTEXT),
    Route("prevention:self_step", everyone(), kwargs=CONTEXT, htmx=True),
    Route("prevention:self_step", everyone(400), kwargs=CONTEXT, method="post"),
    Route("prevention:self_step", everyone(302), kwargs=LATER),
    Route("prevention:self_result", everyone(302)),  # no result in the session: back to the start
    # The professional version: any signed-in member.
    Route("prevention:pro_start", members_only()),
    Route("prevention:pro_step", members_only(), kwargs=CONTEXT),
    Route("prevention:pro_step", members_only(400), kwargs=CONTEXT, method="post"),
    Route("prevention:pro_step", members_only(302), kwargs=LATER),
    Route("prevention:pro_result", {"anonymous": LOGIN, "*": 302}),
]
