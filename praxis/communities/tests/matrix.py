"""Permission matrix of communities of practice (see praxis/core/matrix.py)."""

from types import SimpleNamespace
from typing import Any

from praxis.communities.models import Community, Network
from praxis.communities.services import invitation_token
from praxis.testing.matrix import LOGIN, Route, everyone

from .factories import (
    make_case,
    make_community_invitation,
    make_join_request,
    make_meeting,
    make_thread,
    make_tool,
)


def setup(world: SimpleNamespace) -> None:
    # Names on the shared world start with "community_": other apps' setups write theirs beside them.
    personas = world.personas
    community = personas.community
    community.visibility = Community.Visibility.PUBLIC
    community.join_policy = Community.JoinPolicy.REQUEST
    community.purpose = "Coordonner les soins à domicile."
    community.save()
    world.community_join_request = make_join_request(community, personas.outsider)
    world.community_invitation = make_community_invitation(community, personas.verified_gp.email,
                                                 invited_by=personas.facilitator)
    world.community_token = invitation_token(world.community_invitation)
    world.community_facilitator_membership = community.memberships.get(user=personas.facilitator)
    world.community_case = make_case(community, personas.facilitator)
    world.community_thread = make_thread(community, personas.facilitator)
    world.community_meeting = make_meeting(community, personas.facilitator, days=0)
    world.community_tool = make_tool(community, personas.facilitator)
    world.community_network = Network.objects.create(name="Réseau", coordinator=personas.institution)
    community.network = world.community_network
    community.save(update_fields=["network"])
    _setup_library_and_templates(world)
    world.community_action = world.community_meeting.actions.create(
        community=community, text="Envoyer la fiche", owner=personas.facilitator,
        due_on=world.community_meeting.starts_at.date())


def _setup_library_and_templates(world: SimpleNamespace) -> None:
    from django.core.files.base import ContentFile

    from praxis.communities.models import LibraryItem, ToolTemplate, ToolTemplateVersion
    from praxis.testing.files import pdf_bytes

    personas = world.personas
    community = personas.community
    world.community_link = LibraryItem.objects.create(community=community, kind="link", title="Guide",
                                                      url="https://example.org/guide", target="external",
                                                      added_by=personas.facilitator)
    item = LibraryItem(community=community, kind="file", title="Charte", mime="application/pdf",
                       added_by=personas.facilitator)
    item.file.save("charte.pdf", ContentFile(pdf_bytes()), save=True)
    world.community_file = item
    # A template of the network, adopted at version 1 and changed since (version 2): the change notice shows.
    template = ToolTemplate.objects.create(network=world.community_network, title="Grille de cas", version=2)
    ToolTemplateVersion.objects.create(template=template, number=1, text="# Cas\n- contexte")
    ToolTemplateVersion.objects.create(template=template, number=2, text="# Cas\n- contexte\n- rôles")
    world.community_template = template
    world.community_adopted_tool = make_tool(community, personas.facilitator)
    world.community_adopted_tool.template = template
    world.community_adopted_tool.template_version = 1
    world.community_adopted_tool.save()


def library_item(world: SimpleNamespace, which: str = "community_link") -> dict[str, Any]:
    return {**slug(world), "item_id": getattr(world, which).pk}


def template(world: SimpleNamespace) -> dict[str, Any]:
    return {"template_id": world.community_template.pk}


def tool(world: SimpleNamespace) -> dict[str, Any]:
    return {**slug(world), "tool_id": world.community_tool.pk}


def meeting(world: SimpleNamespace) -> dict[str, Any]:
    return {**slug(world), "meeting_id": world.community_meeting.pk}


def case(world: SimpleNamespace) -> dict[str, Any]:
    return {**slug(world), "case_id": world.community_case.pk}


def slug(world: SimpleNamespace) -> dict[str, Any]:
    return {"slug": world.personas.community.slug}


VERIFIED = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
FACILITATORS = {"anonymous": LOGIN, "facilitator": 200, "platform_admin": 200, "*": 403}
MEMBERS = {"anonymous": LOGIN, "facilitator": 200, "*": 403}
# A case or a discussion of a community one does not belong to does not exist for them (a coordinator, a moderator).
CASE_MEMBERS = {"anonymous": LOGIN, "facilitator": 200, "*": 404}


TEMPLATE_READERS = {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200, "platform_admin": 200,
                    "moderator": 200, "facilitator": 200, "*": 404}
TEMPLATE_EDITORS = {**TEMPLATE_READERS, "moderator": 403, "facilitator": 403}


def facilitators(ok: int) -> dict[str, int]:
    return {**FACILITATORS, "facilitator": ok, "platform_admin": ok}


ROUTES = [
    Route("communities:list", everyone()),
    Route("communities:list", everyone(), htmx=True, data={"q": "Personas"}),
    Route("communities:create", VERIFIED),
    Route("communities:create", {**VERIFIED, "*": 400}, method="post", data={}),
    Route("communities:home", everyone(), kwargs=slug),
    Route("communities:edit", FACILITATORS, kwargs=slug),
    Route("communities:edit", facilitators(400), method="post", kwargs=slug),
    Route("communities:members", MEMBERS, kwargs=slug),
    Route("communities:indicators", MEMBERS, kwargs=slug),
    Route("communities:members", MEMBERS, kwargs=slug, htmx=True),
    # A community "on request": verified professionals ask (302); its facilitator is already in (403); the outsider
    # has already asked (400).
    Route("communities:join", {"anonymous": LOGIN, "unverified_member": 403, "facilitator": 403, "outsider": 400,
                               "*": 302},
          method="post", kwargs=slug),
    Route("communities:request_withdraw", {"anonymous": LOGIN, "outsider": 302, "*": 404}, method="post",
          kwargs=slug),
    Route("communities:request_decide", facilitators(302), method="post", data={"decision": "decline"},
          kwargs=lambda w: {**slug(w), "request_id": w.community_join_request.pk}),
    Route("communities:invite", facilitators(400), method="post", kwargs=slug),
    Route("communities:invitation_revoke", facilitators(302), method="post",
          kwargs=lambda w: {**slug(w), "invitation_id": w.community_invitation.pk}),
    Route("communities:member_role", facilitators(400), method="post",
          kwargs=lambda w: {**slug(w), "membership_id": w.community_facilitator_membership.pk}),
    # The only facilitator cannot be removed (400), not even by a platform admin.
    Route("communities:member_remove", facilitators(400), method="post",
          kwargs=lambda w: {**slug(w), "membership_id": w.community_facilitator_membership.pk}),
    Route("communities:leave", MEMBERS, kwargs=slug),
    Route("communities:follow", {"*": 302}, method="post", kwargs=slug),
    Route("communities:invitation", {"anonymous": LOGIN, "verified_gp": 200, "*": 403},
          kwargs=lambda w: {"token": w.community_token}),
    Route("communities:invitation", {"anonymous": LOGIN, "verified_gp": 400, "*": 403}, method="post",
          kwargs=lambda w: {"token": w.community_token}),
    Route("communities:cases", MEMBERS, kwargs=slug),
    Route("communities:cases", MEMBERS, kwargs=slug, htmx=True),
    Route("communities:case_create", MEMBERS, kwargs=slug),
    Route("communities:case_create", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:case", CASE_MEMBERS, kwargs=case),
    Route("communities:case_edit", CASE_MEMBERS, kwargs=case),
    Route("communities:case_edit", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=case),
    Route("communities:case_comment", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=case),
    Route("communities:case_comment", {**CASE_MEMBERS, "facilitator": 200}, method="post", kwargs=case, htmx=True,
          data={"text": "Nous avons le même problème."}),
    Route("communities:case_recommend", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=case),
    Route("communities:case_document", {**CASE_MEMBERS, "facilitator": 302}, method="post", kwargs=case),
    Route("communities:case_followup", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=case),
    Route("communities:case_outcome", CASE_MEMBERS, kwargs=case),
    Route("communities:case_outcome", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=case),
    # Only a documented case can be proposed: this one is not yet.
    Route("communities:case_publish", {**CASE_MEMBERS, "facilitator": 403}, method="post", kwargs=case),
    Route("communities:threads", MEMBERS, kwargs=slug),
    Route("communities:thread_create", MEMBERS, kwargs=slug),
    Route("communities:thread_create", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:thread", CASE_MEMBERS, kwargs=lambda w: {**slug(w), "thread_id": w.community_thread.pk}),
    Route("communities:thread", {**CASE_MEMBERS, "facilitator": 200}, method="post", htmx=True,
          data={"body": "Un cahier de liaison partagé."},
          kwargs=lambda w: {**slug(w), "thread_id": w.community_thread.pk}),
    Route("communities:meetings", MEMBERS, kwargs=slug),
    Route("communities:meeting_create", MEMBERS, kwargs=slug),
    Route("communities:meeting_create", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:agenda_template", MEMBERS, kwargs=slug),
    Route("communities:agenda_template", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:meeting", CASE_MEMBERS, kwargs=meeting),
    Route("communities:meeting_ics", CASE_MEMBERS, kwargs=meeting),
    Route("communities:roll_call", CASE_MEMBERS, kwargs=meeting),
    Route("communities:roll_call", {**CASE_MEMBERS, "facilitator": 302}, method="post", kwargs=meeting),
    Route("communities:minutes", CASE_MEMBERS, kwargs=meeting),
    Route("communities:minutes", {**CASE_MEMBERS, "facilitator": 302}, method="post", kwargs=meeting),
    Route("communities:action_add", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=meeting),
    # Minutes are sent once the roll call is taken: not yet here (400).
    Route("communities:minutes_send", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=meeting),
    # The survey is for those present at a meeting whose roll call was taken: nobody yet.
    Route("communities:survey", {**CASE_MEMBERS, "facilitator": 403}, kwargs=meeting),
    Route("communities:action_done", {"anonymous": LOGIN, "facilitator": 302, "*": 403}, method="post",
          kwargs=lambda w: {**slug(w), "action_id": w.community_action.pk}),
    Route("communities:tools", MEMBERS, kwargs=slug),
    Route("communities:tool_create", MEMBERS, kwargs=slug),
    Route("communities:tool_create", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:tool", CASE_MEMBERS, kwargs=tool),
    Route("communities:tool_edit", CASE_MEMBERS, kwargs=tool),
    Route("communities:tool_edit", {**CASE_MEMBERS, "facilitator": 400}, method="post", kwargs=tool),
    Route("communities:tool_diff", CASE_MEMBERS, kwargs=tool, data={"a": 1, "b": 2}),
    Route("communities:library", MEMBERS, kwargs=slug),
    Route("communities:library", {**MEMBERS, "facilitator": 400}, method="post", kwargs=slug),
    Route("communities:library_file", CASE_MEMBERS, kwargs=lambda w: library_item(w, "community_file")),
    Route("communities:library_remove", {"anonymous": LOGIN, "facilitator": 302, "*": 404}, method="post",
          kwargs=library_item),
    # Templates: the coordinating institution's staff publish for its network, platform admins for everyone; the
    # network's communities' members (and moderators) read them; anyone else gets a 404.
    Route("communities:templates", {"anonymous": LOGIN, "*": 200}),
    Route("communities:template_create", {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200,
                                          "platform_admin": 200, "*": 403}),
    Route("communities:template_create", {"anonymous": LOGIN, "institution_admin": 400, "institution_staff": 400,
                                          "platform_admin": 400, "*": 403}, method="post"),
    Route("communities:template", TEMPLATE_READERS, kwargs=template),
    Route("communities:template_diff", TEMPLATE_READERS, kwargs=template, data={"a": 1, "b": 2}),
    Route("communities:template_edit", TEMPLATE_EDITORS, kwargs=template),
    Route("communities:template_edit", {**TEMPLATE_EDITORS, "institution_admin": 400, "institution_staff": 400,
                                        "platform_admin": 400}, method="post", kwargs=template),
    Route("communities:templates_offered", MEMBERS, kwargs=slug),
    Route("communities:template_adopt", {**MEMBERS, "facilitator": 302}, method="post",
          kwargs=lambda w: {**slug(w), "template_id": w.community_template.pk}),
    Route("communities:template_change", CASE_MEMBERS,
          kwargs=lambda w: {**slug(w), "tool_id": w.community_adopted_tool.pk}),
    Route("communities:template_change", {**CASE_MEMBERS, "facilitator": 400}, method="post",
          kwargs=lambda w: {**slug(w), "tool_id": w.community_adopted_tool.pk}),
    Route("communities:network_themes", {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200,
                                         "platform_admin": 200, "*": 403},
          kwargs=lambda w: {"network_id": w.community_network.pk}),
    # The coordinating institution's staff see the figures; nobody else (its admin and staff: 200).
    Route("communities:network_indicators", {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200,
                                             "platform_admin": 200, "*": 403},
          kwargs=lambda w: {"network_id": w.community_network.pk}),
]
