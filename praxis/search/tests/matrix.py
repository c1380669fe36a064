from types import SimpleNamespace

from praxis.testing.matrix import Route, everyone


def setup(world: SimpleNamespace) -> None:
    from .factories import make_content

    make_content("Infiltration du genou")


ROUTES = [
    Route("search:results", everyone(), data={"q": "genou"}),
    Route("search:results", everyone(), data={"q": "genou"}, htmx=True),
    Route("search:results", everyone(405), method="post", data={"q": "genou"}),
    Route("search:suggestions", everyone(), data={"q": "infil"}, htmx=True),
    Route("search:suggestions", everyone(405), method="post"),
]
