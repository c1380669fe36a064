"""The community's shared library: links (a capsule, a document or a course of Praxis, or any web page) and files
members upload — accepted by their content (`praxis.core.uploads`), stored under a name we generate, served to members
only (`views.library_file`, through `praxis.core.serving`).

Audit actions: communities.library.{added,removed}."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.uploads import clean_document

from .. import rules
from ..models import Community, LibraryItem
from .guard import _audit_confirmation, _guard
from .home import home_changed

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt": "application/vnd.ms-powerpoint",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Route names of Praxis pages a link may point to, and what the library calls them.
_TARGETS = {"content:detail": LibraryItem.Target.CONTENT, "learning:course": LibraryItem.Target.COURSE}


def max_bytes() -> int:
    return int(getattr(settings, "COMMUNITIES_LIBRARY_MAX_BYTES", DEFAULT_MAX_BYTES))


def _content_kind(pk: Any) -> str:
    from praxis.content.models import Content

    kind = Content.objects.filter(pk=pk).values_list("kind", flat=True).first()
    return {"capsule": LibraryItem.Target.CAPSULE, "document": LibraryItem.Target.DOCUMENT}.get(
        kind or "", LibraryItem.Target.CONTENT)


def link_target(url: str) -> tuple[str, str]:
    """(address to store, what it points to). A Praxis address is kept as its path ("/contenus/12-plaies/"), so it
    works on every host name of the platform; anything else must be an http(s) address."""
    url = url.strip()
    invalid = ValidationError({"url": _("Give a web address (https://…) or the address of a page of Praxis.")})
    if url.startswith("/") and not url.startswith("//"):
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            raise ValidationError({"url": _("This page does not exist on Praxis.")}) from None
        target = str(_TARGETS.get(match.view_name, LibraryItem.Target.PAGE))
        if target == LibraryItem.Target.CONTENT:
            target = _content_kind(match.kwargs.get("pk"))
        return url, target
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise invalid from None
    return url, LibraryItem.Target.EXTERNAL


def identify_file(upload: Any) -> tuple[str, str]:
    """(extension, MIME type) judged by the file's first bytes, never by its name; ValidationError otherwise."""
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > max_bytes():
        raise ValidationError({"file": _("The file is too large (%(size)s MB at most).")
                               % {"size": max_bytes() // (1024 * 1024)}})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in FILE_TYPES:
        raise ValidationError({"file": _("Send a PDF, an office document (Word, Writer, PowerPoint, Impress, Excel, "
                                         "Calc) or an image (PNG, JPEG, WebP).")})
    return kind.extension, FILE_TYPES[kind.extension]


@transaction.atomic
def library_add(*, actor: Actor, community: Community, title: str, note: str = "", url: str = "",
                upload: Any = None, confirmed: bool = False) -> LibraryItem:
    """Share a link or a file (exactly one of them) with the community."""
    rules.check_add_to_library(actor, community)
    if bool(url.strip()) == (upload is not None):
        raise ValidationError(_("Give either an address or a file."))
    found = _guard({"title": title, "note": note}, confirmed)
    item = LibraryItem(community=community, title=title.strip(), note=note.strip(), added_by=actor.user)
    if upload is not None:
        extension, mime = identify_file(upload)
        try:
            stored = clean_document(upload, mime, extension)  # images re-encoded, documents parsed, or refused
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        item.kind, item.mime = LibraryItem.Kind.FILE, mime
        item.filename = str(getattr(upload, "name", "") or "")[-200:]
        # Our own name: the uploaded name never reaches the storage.
        item.file.save(f"{uuid.uuid4().hex}.{extension}", stored, save=False)
        item.size = item.file.size
    else:
        item.kind = LibraryItem.Kind.LINK
        item.url, item.target = link_target(url)
    item.full_clean()
    item.save()
    home_changed(community.pk)
    audit.log(actor, audit.Action.COMMUNITIES_LIBRARY_ADDED, item,
              {"community": community.pk, "kind": item.kind, "target": item.target})
    _audit_confirmation(actor, item, found)
    return item


@transaction.atomic
def library_remove(*, actor: Actor, item: LibraryItem) -> None:
    """Take a resource out of the library; an uploaded file is deleted from the storage once the removal commits."""
    rules.check_remove_library_item(actor, item)
    home_changed(item.community_id)
    audit.log(actor, audit.Action.COMMUNITIES_LIBRARY_REMOVED, item.community,
              {"item": item.pk, "title": item.title, "kind": item.kind})
    name, storage = item.file.name, item.file.storage
    item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
