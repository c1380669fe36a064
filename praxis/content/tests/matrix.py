"""Permission-matrix rows of the content app: the media pipeline's and the content pages' (each in its own file)."""

from types import SimpleNamespace

try:
    from . import matrix_media as _media
except ImportError:  # pragma: no cover - file not written yet
    _media = None
try:
    from . import matrix_pages as _pages
except ImportError:  # pragma: no cover - file not written yet
    _pages = None

MEDIA_ROUTES = list(getattr(_media, "ROUTES", []))
PAGES_ROUTES = list(getattr(_pages, "ROUTES", []))
ROUTES = MEDIA_ROUTES + PAGES_ROUTES


def setup(world: SimpleNamespace) -> None:
    for module in (_media, _pages):
        if module is not None and hasattr(module, "setup"):
            module.setup(world)
