"""The hostile upload corpus (57 files: polyglots, SVG with script, pixel floods and decompression bombs, zip slip,
symlinks, XML entity bombs, truncated files, executables renamed, names with ../, NUL, right-to-left marks and 300
characters; praxis/testing/files.py) through every upload field members have, over HTTP as a browser sends them.

Each file is refused with a message and nothing stored, or stored neutralised: never the bytes as sent when they
carry markup, no web markup in anything stored, images without their metadata, and a stored name of our own."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from praxis.content.tests.media_factories import make_capsule
from praxis.content.tests.pages_factories import form_data
from praxis.events.tests.factories import make_event
from praxis.learning.models import Lesson, PublicationStatus
from praxis.learning.tests.factories import make_course
from praxis.testing import Personas, make_community_member, make_member
from praxis.testing.files import hostile_files

pytestmark = pytest.mark.django_db

FILES = hostile_files()
ACTIVE = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed|img|meta)\b|onerror|onload|/JavaScript|/JS\b"
                    rb"|/Launch|/EmbeddedFile|javascript:", re.I)
# Metadata a phone writes: camera model, and the GPS block's marker.
METADATA = (b"Pixel-Test-Model-9000", b"GPS")


def _stored_files(path: str = "") -> dict[str, bytes]:
    directories, names = default_storage.listdir(path)
    found = {}
    for name in names:
        full = f"{path}/{name}" if path else name
        with default_storage.open(full, "rb") as handle:
            found[full] = handle.read()
    for directory in directories:
        found.update(_stored_files(f"{path}/{directory}" if path else directory))
    return found


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


Sender = Callable[[str, bytes], Any]


def _proof(personas: Personas) -> Sender:
    client = personas.client("unverified_member")
    return lambda name, data: client.post(reverse("accounts:proof_upload"), {"file": _file(name, data)})


def _logo(personas: Personas) -> Sender:
    """Each file by a new member: a member who registered an institution administers it, and must then set up a
    second factor before anything else."""
    fields = {"kind": "medical_house", "postal_code": "4000", "city": "Liège", "country": "BE", "confirm_new": "1",
              "services": ["elder-abuse"], "languages": ["fr"], "publics": ["elderly"]}
    names = iter(range(1000))

    def send(name: str, data: bytes) -> Any:
        client = Client()
        client.force_login(make_member())
        return client.post(reverse("institutions:create"), {
            **fields, "name": f"Maison médicale n° {next(names)}", "logo": _file(name, data)})

    return send


def _content_document(personas: Personas) -> Sender:
    client = personas.client("verified_gp")
    return lambda name, data: client.post(reverse("content:create", kwargs={"kind": "document"}),
                                          form_data(body=None, document=_file(name, data)))


def _event_material(personas: Personas) -> Sender:
    event = make_event(personas.institution_admin, institution=personas.institution)
    client = personas.client("institution_admin")
    return lambda name, data: client.post(reverse("events:material_add", args=[event.pk]),
                                          {"title": "Diapositives", "file": _file(name, data)})


def _community_library(personas: Personas) -> Sender:
    make_community_member(personas.community, personas.verified_gp)
    client = personas.client("verified_gp")
    return lambda name, data: client.post(reverse("communities:library", args=[personas.community.slug]),
                                          {"title": "Document", "file": _file(name, data)})


def _cpd_proof(personas: Personas) -> Sender:
    client = personas.client("verified_gp")
    fields = {"title": "Congrès de médecine générale", "organiser": "SSMG", "date": "2026-10-02", "hours": "6",
              "points": "6", "rubric": "general", "reference": "ACC-42", "certification_block": "knowledge"}
    return lambda name, data: client.post(reverse("cpd:declare"), {**fields, "proof": _file(name, data)})


def _captions(personas: Personas) -> Sender:
    capsule = make_capsule(personas.verified_gp)
    client = personas.client("verified_gp")
    return lambda name, data: client.post(reverse("content:capsule_captions", args=[capsule.pk]),
                                          {"language": "fr", "file": _file(name, data)})


def _scorm_package(personas: Personas) -> Sender:
    course = make_course(personas.institution, status=PublicationStatus.DRAFT)
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=1, title="Module")
    client = personas.client("institution_admin")
    return lambda name, data: client.post(reverse("learning:scorm_upload", args=[course.slug, lesson.pk]),
                                          {"package": _file(name, data)})


PLACES = {"proof": _proof, "logo": _logo, "content document": _content_document, "event material": _event_material,
          "community library": _community_library, "cpd attestation": _cpd_proof, "captions": _captions,
          "scorm package": _scorm_package}


@pytest.mark.parametrize("place", PLACES)
def test_every_hostile_file_is_refused_or_stored_neutralised(personas: Personas, place: str) -> None:
    send = PLACES[place](personas)
    failures, refused, neutralised = [], 0, 0
    for label, name, data in FILES:
        before = _stored_files()
        response = send(name, data)
        new = {path: stored for path, stored in _stored_files().items() if before.get(path) != stored}
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif not new:
            refused += 1
            if response.status_code != 400:
                failures.append(f"{label}: refused without a message ({response.status_code})")
        else:
            neutralised += 1
            for path, stored in new.items():
                if ACTIVE.search(stored) or any(marker in stored for marker in METADATA):
                    failures.append(f"{label}: {path} stored with markup or metadata")
                if stored == data and ACTIVE.search(data):
                    failures.append(f"{label}: {path} stored as sent")
                if ".." in path or "\x00" in path or "\u202e" in path or len(path.rsplit("/", 1)[-1]) > 120:
                    failures.append(f"{label}: stored under {path!r}")
    assert not failures, f"{place}: " + "\n".join(failures)
    assert refused >= 40, f"{place}: only {refused} refused, {neutralised} stored"
