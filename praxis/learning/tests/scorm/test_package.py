"""SCORM package validation: good packages of both versions are read; each bad package is refused with its message."""

from __future__ import annotations

import io
import stat
import zipfile

import boto3
import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.test import override_settings
from django.utils import translation
from moto import mock_aws

from praxis.learning.scorm import storage as scorm_storage
from praxis.learning.scorm.builder import Sco, Spec, build_package, build_zip, manifest
from praxis.learning.scorm.package import SCORM_12, SCORM_2004, PackageError, inspect_package


def inspect(data: bytes):
    return inspect_package(io.BytesIO(data))


def refused(data: bytes, language: str = "en") -> PackageError:
    with translation.override(language), pytest.raises(PackageError) as caught:
        inspect(data)
    return caught.value


def message(error: PackageError, language: str) -> str:
    with translation.override(language):
        return str(error.messages[0])


def test_a_scorm_12_package_is_read_with_its_launch_file_and_mastery_score() -> None:
    info = inspect(build_package(Spec(version=SCORM_12, title="Hygiène des mains",
                                      scos=[Sco("intro", "Introduction", mastery_score=80)])))
    assert info.version == SCORM_12
    assert info.title == "Hygiène des mains"
    [item] = info.launchable()
    assert (item.launch, item.title, item.mastery_score, item.scorm_type) == ("intro.html", "Introduction", 80, "sco")
    assert set(info.files) == {"imsmanifest.xml", "sco.js", "intro.html"}


def test_a_multi_sco_2004_package_gives_its_table_of_contents_in_order_with_thresholds() -> None:
    info = inspect(build_package(Spec(version=SCORM_2004, scos=[
        Sco("a", "Chapitre 1", completion_threshold=0.8), Sco("b", "Chapitre 2", scaled_passing_score=0.7)])))
    assert info.version == SCORM_2004
    assert [(item.identifier, item.title, item.launch) for item in info.launchable()] == [
        ("item-a", "Chapitre 1", "a.html"), ("item-b", "Chapitre 2", "b.html")]
    assert info.launchable()[0].completion_threshold == 0.8
    assert info.launchable()[1].scaled_passing_score == 0.7


def test_nested_items_form_a_tree_and_xml_base_and_parameters_are_honoured() -> None:
    xml = """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>
 <item identifier="part"><title>Partie 1</title>
   <item identifier="s1" identifierref="r1" parameters="?page=2"><title>Leçon 1</title></item>
 </item>
</organization></organizations>
<resources xml:base="content/"><resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
  href="index%20page.html"/></resources></manifest>"""
    info = inspect(build_zip({"imsmanifest.xml": xml, "content/index page.html": "<p>x</p>"}))
    [part] = info.organisation
    assert (part.title, part.launch) == ("Partie 1", "")
    assert part.children[0].launch == "content/index page.html?page=2"


@pytest.mark.parametrize(("data", "code", "french"), [
    (b"this is not a zip", "not_zip", "n\u2019est pas une archive zip"),
    (build_zip({"index.html": "<p>hello</p>"}), "not_scorm", "imsmanifest.xml"),
    (build_zip({"imsmanifest.xml": manifest(Spec())}), "missing_launch", "sco1.html"),
    (build_zip({"imsmanifest.xml": "<manifest><organizations>", "a.html": ""}), "bad_xml", "XML"),
    (build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "../evil.html": ""}), "path_escape",
     "../evil.html"),
    (build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "/etc/passwd": ""}), "path_escape", ""),
    (build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "a\\..\\..\\b.html": ""}), "path_escape", ""),
    (build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "link": "/etc/passwd"},
               modes={"link": stat.S_IFLNK | 0o777}), "special_file", "link"),
    (build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "dev": ""},
               modes={"dev": stat.S_IFCHR | 0o600}), "special_file", "dev"),
    (build_zip({"imsmanifest.xml": manifest(Spec()).replace('href="sco1.html"', 'href="../../sco1.html"'),
                "sco1.html": ""}), "path_escape", ""),
    (build_zip({"imsmanifest.xml": manifest(Spec()).replace('href="sco1.html"', 'href="https://evil.test/x"'),
                "sco1.html": ""}), "external_launch", "evil.test"),
    (build_zip({"imsmanifest.xml": '<?xml version="1.0"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">'
                '<organizations/><resources/></manifest>'}), "not_scorm", "SCORM"),
])
def test_a_bad_package_is_refused_with_a_message_in_the_users_language(data: bytes, code: str, french: str) -> None:
    error = refused(data)
    assert error.code == code
    assert french in message(error, "fr")
    assert message(error, "fr") != message(error, "en") != message(error, "nl")


def test_an_xml_entity_bomb_is_refused_before_any_expansion() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
            + ']><manifest>&lol9;</manifest>')
    error = refused(build_zip({"imsmanifest.xml": bomb, "a.html": ""}))
    assert error.code == "xml_entities"
    assert "entités" in message(error, "fr")


def test_an_external_entity_is_refused() -> None:
    xxe = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;</manifest>'
    assert refused(build_zip({"imsmanifest.xml": xxe})).code == "xml_entities"


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating_it() -> None:
    data = build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "", "zeros.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(data) < 100_000
    error = refused(data)
    assert error.code == "zip_bomb"
    assert "bombe" in message(error, "fr")


def test_limits_on_package_size_unpacked_size_and_file_count(settings) -> None:
    data = build_package(Spec(extra_files={f"img/{i}.txt": b"x" * 2000 for i in range(30)}))
    settings.SCORM_MAX_PACKAGE_BYTES = 1000
    error = refused(data)
    assert error.code == "too_large"
    assert "Mo" in message(error, "fr")
    settings.SCORM_MAX_PACKAGE_BYTES = 10**9
    settings.SCORM_MAX_FILES = 10
    assert refused(data).code == "too_many_files"
    settings.SCORM_MAX_FILES = 1000
    settings.SCORM_MAX_UNPACKED_BYTES = 50_000
    assert refused(data).code == "unpacked_too_large"
    settings.SCORM_MAX_UNPACKED_BYTES = 10**9
    assert len(inspect(data).files) == 33


def test_encrypted_entries_are_refused() -> None:
    data = bytearray(build_zip({"imsmanifest.xml": manifest(Spec()), "sco1.html": "x"},
                               compression=zipfile.ZIP_STORED))
    # Set the "encrypted" flag on the central directory entry of the first file.
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    assert refused(bytes(data)).code == "encrypted"


def test_unpack_writes_every_file_under_a_fresh_prefix() -> None:
    target = InMemoryStorage()
    data = build_package(Spec(scos=[Sco("a", "A"), Sco("b", "B")]))
    prefix = scorm_storage.new_prefix(7)
    assert scorm_storage.unpack(io.BytesIO(data), prefix, storage=target) == 4
    with target.open(prefix + "a.html") as stored:
        assert b"<h1>A</h1>" in stored.read()
    scorm_storage.delete_prefix(prefix, storage=target)
    assert not target.exists(prefix + "a.html")


def test_unpack_to_s3_compatible_storage(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s3_storage = {"BACKEND": "storages.backends.s3.S3Storage",
                  "OPTIONS": {"bucket_name": "praxis-media", "region_name": "eu-west-1", "default_acl": None,
                              "file_overwrite": False}}
    with mock_aws(), override_settings(STORAGES={"default": s3_storage, "staticfiles": s3_storage}):
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket="praxis-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        prefix = scorm_storage.new_prefix(3)
        scorm_storage.unpack(io.BytesIO(build_package()), prefix, storage=storages.create_storage(s3_storage))
        keys = {item["Key"] for item in client.list_objects_v2(Bucket="praxis-media")["Contents"]}
        assert keys == {prefix + name for name in ("imsmanifest.xml", "sco.js", "sco1.html")}
