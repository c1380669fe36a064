"""A member's archive of their personal data (GDPR rights of access and portability), as Discourse's user archive:
a ZIP with one JSON file per app (`<app>.json`, the keys that app's `privacy.export_member` gives, dates in ISO
8601), the member's own files under `files/<app>/`, and a README in the member's language saying what each file
holds, why Praxis keeps it and for how long (from the apps' declarations, `praxis.core.personal_data`)."""

from __future__ import annotations

import json
import logging
import zipfile
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from praxis.core.personal_data import declarations

from .models import User
from .privacy_page import describe

logger = logging.getLogger("praxis.accounts")


def write_archive(member: User, out: IO[bytes]) -> dict[str, int]:
    """Write the archive to `out`; {file name in the archive: number of records or bytes}."""
    written: dict[str, int] = {}
    sections: list[dict[str, Any]] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for declaration in declarations():
            if declaration.export_member is None:
                continue
            data = declaration.export_member(member=member)
            name = f"{declaration.label}.json"
            archive.writestr(name, json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            written[name] = sum(len(value) if isinstance(value, list) else 1 for value in data.values())
            files = []
            for file_name, field_file in (declaration.export_files or (lambda **_kw: []))(member=member):
                path = f"files/{declaration.label}/{file_name}"
                try:
                    with field_file.storage.open(field_file.name, "rb") as source:
                        content = source.read()
                except (FileNotFoundError, OSError):  # a lost file must not cost the member the rest of the archive
                    logger.warning("export of member %s: file %s is missing", member.pk, field_file.name)
                    continue
                archive.writestr(path, content)
                written[path] = len(content)
                files.append(path)
            sections.append({"file": name, "keys": list(data), "files": files,
                             "app": describe(declaration)})
        with translation.override(member.preferred_language or "fr"):
            readme = render_to_string("accounts/export_readme.txt", {
                "member": member, "sections": sections, "now": timezone.now()})
        archive.writestr("README.txt", readme)
    return written
