"""SCORM package validation: everything is checked on the zip's directory and manifest before a byte is stored.

A package is third-party input. `inspect_package` refuses, with a message in the user's language:
- a file that is not a zip, an encrypted entry, a zip without `imsmanifest.xml` at its root;
- an entry whose path leaves the package (absolute, drive letter, `..`, backslashes that would become `..`);
- a symbolic link or a device/FIFO/socket entry (Unix mode bits of the entry);
- too many files, too many unpacked bytes, an entry (or the whole) compressed more than the ratio limit (zip bomb);
- a manifest that is not well-formed XML, or that declares a DTD or entities (billion laughs, external entities):
  parsed with `defusedxml` with DTDs forbidden outright;
- a manifest that is not SCORM 1.2 or 2004, without organisations/items that launch something, or whose launch file
  is not in the zip.
The result (`PackageInfo`) carries the version, the organisation as a tree of items (multi-SCO table of contents),
each launchable item's launch path and its manifest data (mastery score, data from LMS, completion threshold).
"""

from __future__ import annotations

import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MANIFEST = "imsmanifest.xml"
SCORM_12 = "1.2"
SCORM_2004 = "2004"

# Defaults; each can be changed in settings (SCORM_MAX_*).
DEFAULT_MAX_PACKAGE_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 500 * 1024 * 1024
DEFAULT_MAX_FILES = 5000
DEFAULT_MAX_RATIO = 100
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
# A small file compressing very well (an empty CSS, a blank SVG) is not a bomb: the ratio counts from this size.
RATIO_FLOOR_BYTES = 1024 * 1024

_UNSAFE_MODES = {stat.S_IFLNK, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFIFO, stat.S_IFSOCK}


def limits() -> dict[str, int]:
    return {
        "package_bytes": getattr(settings, "SCORM_MAX_PACKAGE_BYTES", DEFAULT_MAX_PACKAGE_BYTES),
        "unpacked_bytes": getattr(settings, "SCORM_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES),
        "files": getattr(settings, "SCORM_MAX_FILES", DEFAULT_MAX_FILES),
        "ratio": getattr(settings, "SCORM_MAX_RATIO", DEFAULT_MAX_RATIO),
    }


class PackageError(ValidationError):
    """A package refused; `code` names the reason (tests and the import command read it)."""


@dataclass
class Item:
    """One entry of the organisation: a folder of the table of contents, or a launchable SCO/asset."""

    identifier: str
    title: str
    launch: str = ""  # path inside the package, with its query string (parameters); "" for a folder
    scorm_type: str = ""  # "sco" or "asset" for launchable items
    mastery_score: float | None = None  # SCORM 1.2 adlcp:masteryscore (0-100)
    scaled_passing_score: float | None = None  # SCORM 2004 primary objective minNormalizedMeasure (-1..1)
    completion_threshold: float | None = None  # SCORM 2004 adlcp:completionThreshold (0..1)
    data_from_lms: str = ""
    children: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier, "title": self.title, "launch": self.launch, "scorm_type": self.scorm_type,
            "mastery_score": self.mastery_score, "scaled_passing_score": self.scaled_passing_score,
            "completion_threshold": self.completion_threshold, "data_from_lms": self.data_from_lms,
            "children": [child.as_dict() for child in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        return cls(**{**data, "children": [cls.from_dict(child) for child in data.get("children", [])]})


@dataclass
class PackageInfo:
    version: str  # SCORM_12 or SCORM_2004
    title: str
    organisation: list[Item]  # top-level items of the default organisation
    files: list[str]  # file paths in the package (normalised)
    unpacked_bytes: int

    def launchable(self) -> list[Item]:
        """The items a learner can open, in table-of-contents order."""
        found: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                if item.launch:
                    found.append(item)
                walk(item.children)

        walk(self.organisation)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "title": self.title,
                "organisation": [item.as_dict() for item in self.organisation]}


def safe_member_path(name: str) -> str | None:
    """The entry's path inside the package, or None when it would leave it (absolute, drive, `..`, NUL)."""
    if "\x00" in name:
        return None
    # Zips made on Windows may use backslashes; an extractor that honours them must not find a `..` either.
    candidate = name.replace("\\", "/")
    if candidate.startswith("/") or (len(candidate) > 1 and candidate[1] == ":"):
        return None
    parts = [part for part in candidate.split("/") if part not in ("", ".")]
    if not parts or any(part == ".." for part in parts):
        return None
    return "/".join(parts)


def inspect_package(file: IO[bytes], *, size: int | None = None) -> PackageInfo:
    """Validate a SCORM zip without extracting it; raise `PackageError` with a translated message."""
    limit = limits()
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    if size > limit["package_bytes"]:
        raise PackageError(
            _("The package is %(size)s MB; the limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(size / 1024 / 1024, 1), "limit": limit["package_bytes"] // (1024 * 1024)},
        )
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageError(_("This file is not a zip archive: a SCORM package is a .zip file."),
                           code="not_zip") from error
    with archive:
        files = _check_entries(archive, limit)
        if MANIFEST not in files:
            raise PackageError(
                _("This zip is not a SCORM package: it has no imsmanifest.xml file at its root."), code="not_scorm")
        manifest_info = archive.getinfo(files[MANIFEST])
        if manifest_info.file_size > MAX_MANIFEST_BYTES:
            raise PackageError(_("The manifest (imsmanifest.xml) is too large."), code="manifest_too_large")
        manifest = archive.read(manifest_info)
        unpacked = sum(archive.getinfo(name).file_size for name in files.values())
    info = parse_manifest(manifest, set(files))
    info.files = sorted(files)
    info.unpacked_bytes = unpacked
    return info


def _check_entries(archive: zipfile.ZipFile, limit: dict[str, int]) -> dict[str, str]:
    """Map of normalised path -> zip entry name for every file; refuses unsafe or oversized entries."""
    files: dict[str, str] = {}
    total = 0
    compressed = 0
    for entry in archive.infolist():
        path = safe_member_path(entry.filename)
        if path is None:
            raise PackageError(
                _("The package contains a path that leaves the package (%(name)s)."),
                code="path_escape", params={"name": entry.filename[:120]})
        mode = entry.external_attr >> 16
        if stat.S_IFMT(mode) in _UNSAFE_MODES:
            raise PackageError(
                _("The package contains a link or a special file (%(name)s); only plain files are accepted."),
                code="special_file", params={"name": entry.filename[:120]})
        if entry.flag_bits & 0x1:
            raise PackageError(_("The package contains encrypted files."), code="encrypted")
        if entry.is_dir():
            continue
        if path in files:
            raise PackageError(_("The package contains the same file twice (%(name)s)."), code="duplicate",
                               params={"name": path[:120]})
        files[path] = entry.filename
        if len(files) > limit["files"]:
            raise PackageError(_("The package contains more than %(limit)s files."), code="too_many_files",
                               params={"limit": limit["files"]})
        total += entry.file_size
        compressed += entry.compress_size
        if total > limit["unpacked_bytes"]:
            raise PackageError(
                _("Unpacked, the package would take more than %(limit)s MB."), code="unpacked_too_large",
                params={"limit": limit["unpacked_bytes"] // (1024 * 1024)})
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > limit["ratio"] * max(entry.compress_size, 1):
            raise PackageError(
                _("The package is compressed abnormally (a “zip bomb”): it was refused."), code="zip_bomb")
    if total > RATIO_FLOOR_BYTES and total > limit["ratio"] * max(compressed, 1):
        raise PackageError(_("The package is compressed abnormally (a “zip bomb”): it was refused."), code="zip_bomb")
    return files


def _local(tag: Any) -> str:
    """An element's or attribute's name without its namespace, lower-cased (manifests vary in both)."""
    return str(tag).rsplit("}", 1)[-1].lower()


def _child(element: Any, name: str) -> Any:
    return next((child for child in element if _local(child.tag) == name), None)


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _attr(element: Any, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value).strip()
    return ""


def _text(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def detect_version(root: Any) -> str | None:
    """SCORM 1.2 or 2004 from the manifest's schemaversion, else from the ADL namespace it uses; None if neither."""
    metadata = _child(root, "metadata")
    version = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if version == "1.2":
        return SCORM_12
    if version.startswith("2004") or version.startswith("CAM 1.3"):
        return SCORM_2004
    namespaces = " ".join(
        [str(root.tag)] + [str(key) for element in root.iter() for key in element.attrib]
        + [str(element.tag) for element in root.iter()]
    ).lower()
    if "adlcp_v1p3" in namespaces or "imsss" in namespaces:
        return SCORM_2004
    if "adlcp_rootv1p2" in namespaces:
        return SCORM_12
    return None


def _parse_xml(data: bytes) -> Any:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise PackageError(
            _("The manifest declares XML entities or a DTD, which are refused (they can be used for attacks)."),
            code="xml_entities") from error
    except SafeET.ParseError as error:
        raise PackageError(_("The manifest (imsmanifest.xml) is not valid XML: %(error)s"), code="bad_xml",
                           params={"error": str(error)[:200]}) from error


def _resources(root: Any) -> dict[str, tuple[str, str]]:
    """Resource identifier -> (href joined with its xml:base, scorm type)."""
    resources: dict[str, tuple[str, str]] = {}
    element = _child(root, "resources")
    if element is None:
        return resources
    base_all = _attr(element, "base")
    for resource in _children(element, "resource"):
        href = _attr(resource, "href")
        base = posixpath.join(base_all, _attr(resource, "base")) if base_all or _attr(resource, "base") else ""
        if href and base:
            href = posixpath.join(base, href)
        resources[_attr(resource, "identifier")] = (href, _attr(resource, "scormtype").lower())
    return resources


def _default_organisation(root: Any) -> Any:
    organisations = _child(root, "organizations")
    candidates = _children(organisations, "organization") if organisations is not None else []
    if not candidates:
        raise PackageError(_("The manifest has no organisation (no table of contents to launch)."),
                           code="no_organisation")
    default = _attr(organisations, "default")
    return next((org for org in candidates if _attr(org, "identifier") == default), candidates[0])


def _scaled_passing_score(element: Any) -> float | None:
    """SCORM 2004: the primary objective's minimum normalised measure, when it is satisfied by measure."""
    sequencing = _child(element, "sequencing")
    objectives = _child(sequencing, "objectives") if sequencing is not None else None
    primary = _child(objectives, "primaryobjective") if objectives is not None else None
    if primary is not None and _attr(primary, "satisfiedbymeasure").lower() == "true":
        return _float(_text(_child(primary, "minnormalizedmeasure")))
    return None


def _item(element: Any, resources: dict[str, tuple[str, str]], files: set[str]) -> Item:
    item = Item(identifier=_attr(element, "identifier"), title=_text(_child(element, "title")) or "—")
    ref = _attr(element, "identifierref")
    if ref:
        if ref not in resources:
            raise PackageError(_("The manifest names a resource that it does not describe (%(name)s)."),
                               code="missing_resource", params={"name": ref[:120]})
        href, scorm_type = resources[ref]
        if href:
            item.launch = _launch_path(href + _attr(element, "parameters"), files)
            item.scorm_type = scorm_type or "sco"
    item.mastery_score = _float(_text(_child(element, "masteryscore")))
    item.data_from_lms = _text(_child(element, "datafromlms"))[:4096]
    threshold = _child(element, "completionthreshold")
    if threshold is not None:
        item.completion_threshold = _float(_attr(threshold, "minprogressmeasure") or _text(threshold))
    item.scaled_passing_score = _scaled_passing_score(element)
    item.children = [_item(child, resources, files) for child in _children(element, "item")]
    return item


def parse_manifest(data: bytes, files: set[str]) -> PackageInfo:
    """Parse `imsmanifest.xml` (no DTD, no entities) and check that it launches files present in `files`."""
    root = _parse_xml(data)
    if _local(root.tag) != "manifest":
        raise PackageError(_("This zip is not a SCORM package: its imsmanifest.xml is not a manifest."),
                           code="not_scorm")
    version = detect_version(root)
    if version is None:
        raise PackageError(_("This package is neither SCORM 1.2 nor SCORM 2004."), code="not_scorm")
    resources = _resources(root)
    organisation = _default_organisation(root)
    items = [_item(element, resources, files) for element in _children(organisation, "item")]
    info = PackageInfo(version=version, title=_text(_child(organisation, "title")), organisation=items, files=[],
                       unpacked_bytes=0)
    if not info.launchable():
        raise PackageError(_("The manifest does not name any file to launch."), code="no_launch")
    return info


def _launch_path(href: str, files: set[str]) -> str:
    """The launch path inside the package (query string kept); refuses external URLs and missing files."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        raise PackageError(_("The manifest launches an address outside the package (%(name)s)."),
                           code="external_launch", params={"name": href[:120]})
    path = safe_member_path(unquote(parts.path))
    if path is None:
        raise PackageError(_("The package contains a path that leaves the package (%(name)s)."),
                           code="path_escape", params={"name": href[:120]})
    if path not in files:
        raise PackageError(_("The manifest names a file that is not in the package (%(name)s)."),
                           code="missing_launch", params={"name": path[:120]})
    return path + (f"?{parts.query}" if parts.query else "")
