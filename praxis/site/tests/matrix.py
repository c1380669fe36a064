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
    Route("site:themes", everyone()),
    Route("site:theme", everyone(), kwargs={"slug": "geriatrie"}),
    Route("site:theme", everyone(404), kwargs={"slug": "no-such-theme"}),
    Route("site:theme_follow", members_only(302), method="post", kwargs={"slug": "geriatrie"}),
    Route("site:theme_follow", members_only(200), method="post", kwargs={"slug": "geriatrie"}, htmx=True),
    Route("site:theme_follow", everyone(405), kwargs={"slug": "geriatrie"}),
    Route("site:following", members_only()),
    Route("site:unfollow", members_only(302), method="post", data={"kind": "theme", "target": "1"}),
    Route("site:unfollow", everyone(405)),
]
