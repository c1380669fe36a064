from praxis.core.matrix import Route, everyone

ROUTES = [
    Route("core:home", everyone()),
    Route("core:healthz", everyone()),
    Route("core:terms", everyone()),
    Route("core:privacy", everyone()),
    Route("core:set_language", everyone(302), method="post", data={"language": "nl", "next": "/"}),
    Route("core:set_language", everyone(405), method="get"),
]
