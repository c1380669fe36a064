"""Permission-matrix rows of the pages that assemble several apps."""

from praxis.testing.matrix import Route, everyone, members_only

ROUTES = [
    Route("site:home", everyone()),
    Route("site:home", everyone(405), method="post"),
    Route("site:feed", members_only()),
    Route("site:feed", members_only(), htmx=True),
    Route("site:feed", everyone(405), method="post"),
    Route("site:figures", everyone()),
    Route("site:figures", everyone(405), method="post"),
]
