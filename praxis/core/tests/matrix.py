from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from praxis.testing.matrix import Route, everyone

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e5279d4f0000000049454e44ae426082"
)


def setup(world: SimpleNamespace) -> None:
    world.logo = default_storage.save("institutions/logos/matrice.png", ContentFile(PNG))
    world.proof_key = default_storage.save("proofs/0/matrice", ContentFile(b"%PDF-1.4"))

ROUTES = [
    Route("core:healthz", everyone()),
    Route("core:metrics", everyone(404)),  # no METRICS_TOKEN configured: the route does not exist
    Route("core:terms", everyone()),
    Route("core:privacy", everyone()),
    # MEDIA_URL serves the public prefixes only (institution logos), never a proof or a document.
    Route("core:public_media", everyone(), kwargs=lambda w: {"name": w.logo}),
    Route("core:public_media", everyone(404), kwargs=lambda w: {"name": w.proof_key}),
]
