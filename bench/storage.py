"""A manifest storage that does not rewrite source-map comments (used only by the bench's workaround)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class LenientManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (glob, tuple(p for p in pats if "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p)))
        for glob, pats in CompressedManifestStaticFilesStorage.patterns
    )
