from datetime import timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from praxis.accounts.models import DataExport, ErasureRequest, ProofDocument
from praxis.testing.matrix import LOGIN, Route, everyone, members_only, moderators_only

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(world: SimpleNamespace) -> None:
    applicant = world.personas.unverified_member
    proof = ProofDocument(user=applicant, content_type="application/pdf", content_hash="0" * 64)
    proof.file.save("pdf", ContentFile(PDF), save=True)
    world.applicant = applicant
    world.proof = proof
    export = DataExport(member=world.personas.verified_gp, token="matrix-export", status=DataExport.Status.READY,
                        ready_at=timezone.now(), expires_at=timezone.now() + timedelta(days=7))
    export.file.save("matrix-export.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    world.export = export
    # A finished erasure (it names nobody): its page is reached by its link, signed in or not.
    world.erasure = ErasureRequest.objects.create(token="matrix-erasure", status=ErasureRequest.Status.DONE,
                                                  finished_at=timezone.now())


ROUTES = [
    Route("accounts:set_language", everyone(302), method="post", data={"language": "nl", "next": "/"}),
    Route("accounts:set_language", everyone(405), method="get"),
    Route("accounts:profile", members_only()),
    Route("accounts:profile_edit", members_only()),
    Route("accounts:profile_edit", members_only(400), method="post", data={}),
    Route("accounts:settings", members_only()),
    Route("accounts:export", members_only()),
    Route("accounts:export", members_only(), htmx=True),
    Route("accounts:export", members_only(302), method="post", data={}),
    # Only its member opens an archive; anyone else's answer is the same as for a wrong or expired link.
    Route("accounts:export_download", {"anonymous": LOGIN, "verified_gp": 200, "*": 404},
          kwargs=lambda w: {"token": w.export.token}),
    Route("accounts:my_accesses", members_only()),
    Route("accounts:access_log", moderators_only()),
    Route("accounts:access_log", moderators_only(), htmx=True),
    Route("accounts:privacy", everyone()),
    Route("accounts:delete", members_only()),
    Route("accounts:delete", members_only(400), method="post", data={}),
    Route("accounts:erasure_status", everyone(), kwargs=lambda w: {"token": w.erasure.token}),
    Route("accounts:erasure_status", everyone(), htmx=True, kwargs=lambda w: {"token": w.erasure.token}),
    Route("accounts:erasure_status", everyone(405), method="post", data={},
          kwargs=lambda w: {"token": w.erasure.token}),
    Route("accounts:verification_queue", moderators_only()),
    Route("accounts:verification_queue", moderators_only(), htmx=True),
    Route(
        "accounts:verification_detail", moderators_only(others=404),
        kwargs=lambda w: {"member_id": w.applicant.pk},
    ),
    Route(
        "accounts:verification_detail", moderators_only(400, others=404), method="post", data={},
        kwargs=lambda w: {"member_id": w.applicant.pk},
    ),
    # Only a member who is not yet verified sends a proof.
    Route("accounts:proof_upload", {"anonymous": LOGIN, "unverified_member": 200, "*": 403}),
    Route(
        "accounts:proof_download",
        {"anonymous": LOGIN, "unverified_member": 200, "moderator": 200, "platform_admin": 200, "*": 404},
        kwargs=lambda w: {"proof_id": w.proof.pk},
    ),
]

# National e-IDs (no provider is configured for the matrix: the sign-in endpoints answer 404 to everyone).
ROUTES += [
    Route("accounts:identities", members_only()),
    Route("accounts:identities_legacy", members_only(302)),
    Route("accounts:identity_unlink", members_only(404), method="post", kwargs={"account_id": 999999}),
    Route("accounts:identity_unlink", everyone(405), kwargs={"account_id": 999999}),
    # Nothing waits to be linked: back to the sign-in page, or to one's e-IDs.
    Route("accounts:eid_link", everyone(302)),
    Route("eid_login", everyone(404), method="post", kwargs={"provider_id": "psc"}),
    Route("eid_callback", everyone(404), kwargs={"provider_id": "psc"}),
]
