from types import SimpleNamespace

from praxis.content.models import Content
from praxis.testing.matrix import LOGIN, Route, moderators_only

from .factories import make_competence, make_content, make_flag, make_submission, make_theme


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    theme = make_theme("Matrice relecture", "matrice-relecture")
    make_competence(p.reviewer, theme)
    world.review_waiting = make_submission(p.verified_gp, theme)
    world.review_claimed = make_submission(p.verified_gp, theme, reviewer=p.reviewer)
    world.review_draft = make_content(p.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    world.review_published = make_content(p.verified_gp, themes=[theme])
    world.review_flag = make_flag(world.review_published, p.outsider)


AUTHOR_ONLY = {"anonymous": LOGIN, "verified_gp": 200, "moderator": 403, "platform_admin": 403, "*": 404}
# Pieces under review: competent reviewers see them, the author and moderators too.
UNDER_REVIEW = {"anonymous": LOGIN, "reviewer": 200, "moderator": 200, "platform_admin": 200, "*": 404}
FLAGGERS = {"anonymous": LOGIN, "verified_gp": 403, "*": 200}
PLATFORM_ADMINS = {"anonymous": LOGIN, "platform_admin": 200, "*": 403}

ROUTES = [
    Route("review:queue", {"anonymous": LOGIN, "reviewer": 200, "*": 403}),
    Route("review:queue", {"anonymous": LOGIN, "reviewer": 200, "*": 403}, htmx=True),
    Route("review:submission", UNDER_REVIEW, kwargs=lambda w: {"submission_id": w.review_waiting.pk}),
    # Only the reviewer who claimed it decides; an empty decision is a 400.
    Route("review:submission", {**UNDER_REVIEW, "reviewer": 400, "moderator": 403, "platform_admin": 403},
          method="post", kwargs=lambda w: {"submission_id": w.review_claimed.pk}),
    Route("review:claim", {**UNDER_REVIEW, "reviewer": 302, "moderator": 403, "platform_admin": 403},
          method="post", kwargs=lambda w: {"submission_id": w.review_waiting.pk}),
    Route("review:release", {**UNDER_REVIEW, "reviewer": 302, "moderator": 403, "platform_admin": 403},
          method="post", kwargs=lambda w: {"submission_id": w.review_claimed.pk}),
    Route("review:submit", AUTHOR_ONLY, kwargs=lambda w: {"content_id": w.review_draft.pk}),
    Route("review:history", {"anonymous": LOGIN, "verified_gp": 200, "reviewer": 200, "moderator": 200,
                             "platform_admin": 200, "*": 404}, kwargs=lambda w: {"content_id": w.review_published.pk}),
    Route("review:flag", FLAGGERS, kwargs=lambda w: {"content_id": w.review_published.pk}),
    Route("review:flag", {**FLAGGERS, "*": 400}, method="post", kwargs=lambda w: {"content_id": w.review_published.pk}),
    Route("review:moderation", moderators_only()),
    Route("review:moderation", moderators_only(), htmx=True),
    Route("review:flag_dismiss", moderators_only(302, others=404), method="post",
          kwargs=lambda w: {"flag_id": w.review_flag.pk}),
    Route("review:unpublish", moderators_only(others=403), kwargs=lambda w: {"content_id": w.review_published.pk}),
    Route("review:unpublish", moderators_only(400, others=403), method="post",
          kwargs=lambda w: {"content_id": w.review_published.pk}),
    Route("review:staff", PLATFORM_ADMINS),
    Route("review:staff", PLATFORM_ADMINS, htmx=True, data={"q": "membre"}),
    Route("review:staff_member", PLATFORM_ADMINS, kwargs=lambda w: {"member_id": w.personas.outsider.pk}),
    # An empty form relieves the member of every role (nothing to relieve here): saved, back to the team.
    Route("review:staff_member", {**PLATFORM_ADMINS, "platform_admin": 302}, method="post",
          kwargs=lambda w: {"member_id": w.personas.outsider.pk}),
]
