"""Permission-matrix rows of the content pages (list, page, forms, my content, document download)."""

from types import SimpleNamespace

from praxis.content.models import Content
from praxis.testing import make_member
from praxis.testing.matrix import LOGIN, Route, everyone, members_only

from .pages_factories import form_data, make_content

# Verified professionals create; members who are not verified get 403.
CREATORS = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
EVERYONE_SEES_IT = {"*": 200}
# Moderators see every piece; the platform admin is a moderator.
MODERATORS = {"moderator": 200, "platform_admin": 200}


def setup(world: SimpleNamespace) -> None:
    personas = world.personas
    author = make_member("auteur.pages@example.test")
    world.pages_author = author
    world.public_piece = make_content(author, title="Prise de sang chez la personne âgée")
    world.verified_piece = make_content(author, visibility=Content.Visibility.VERIFIED)
    world.institution_piece = make_content(
        author, visibility=Content.Visibility.INSTITUTION, institution=personas.institution
    )
    world.community_piece = make_content(author, visibility=Content.Visibility.COMMUNITY, community=personas.community)
    world.gp_draft = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    world.gp_drafts_to_delete = [make_content(personas.verified_gp, status=Content.Status.DRAFT) for _ in range(2)]
    world.document = make_content(author, kind=Content.Kind.DOCUMENT)


def _detail(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk, "slug": getattr(w, attr).slug}


def _pk(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk}


ROUTES = [
    Route("content:list", everyone()),
    Route("content:list", everyone(), htmx=True),
    Route("content:list", everyone(405), method="post"),
    Route("content:detail", EVERYONE_SEES_IT, kwargs=_detail("public_piece")),
    Route("content:detail", EVERYONE_SEES_IT, kwargs=_detail("public_piece"), htmx=True),
    Route("content:detail", {"anonymous": 404, "unverified_member": 404, "*": 200}, kwargs=_detail("verified_piece")),
    Route("content:detail", {"institution_admin": 200, "institution_staff": 200, **MODERATORS, "*": 404},
          kwargs=_detail("institution_piece")),
    Route("content:detail", {"facilitator": 200, **MODERATORS, "*": 404}, kwargs=_detail("community_piece")),
    Route("content:detail", {"verified_gp": 200, **MODERATORS, "*": 404}, kwargs=_detail("gp_draft")),
    Route("content:create_choice", CREATORS),
    Route("content:create", CREATORS, kwargs={"kind": "article"}),
    Route("content:create", CREATORS, kwargs={"kind": "capsule"}),
    Route("content:create", {"anonymous": LOGIN, "unverified_member": 403, "*": 400}, method="post",
          kwargs={"kind": "document"}, data={}),
    Route("content:create", {"anonymous": LOGIN, "unverified_member": 403, "*": 302}, method="post",
          kwargs={"kind": "article"}, data=lambda w: form_data()),
    # Only the author edits; moderators see the draft but do not edit it; others do not see it at all.
    Route("content:edit", {"anonymous": LOGIN, "verified_gp": 200, **{k: 403 for k in MODERATORS}, "*": 404},
          kwargs=_pk("gp_draft")),
    Route("content:edit", {"anonymous": LOGIN, "verified_gp": 400, **{k: 403 for k in MODERATORS}, "*": 404},
          method="post", kwargs=_pk("gp_draft"), data={}),
    Route("content:edit", {"anonymous": LOGIN, "*": 403}, kwargs=_pk("public_piece")),
    Route("content:delete", {"anonymous": LOGIN, "verified_gp": 200, **{k: 403 for k in MODERATORS}, "*": 404},
          kwargs=_pk("gp_draft")),
    # Only the author deletes; the personas asked after the author find nothing any more.
    Route("content:delete", {"anonymous": LOGIN, "unverified_member": 404, "verified_gp": 302, "*": 404},
          method="post", kwargs=lambda w: {"pk": w.gp_drafts_to_delete[0].pk}),
    Route("content:delete", {"anonymous": LOGIN, "*": 403}, kwargs=_pk("public_piece")),
    Route("content:mine", members_only()),
    Route("content:mine", members_only(), htmx=True),
    Route("content:document", {"anonymous": 404, "*": 200}, kwargs=_pk("document")),
]
