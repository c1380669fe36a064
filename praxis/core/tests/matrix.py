from praxis.testing.matrix import Route, everyone

ROUTES = [
    Route("core:healthz", everyone()),
    Route("core:terms", everyone()),
    Route("core:privacy", everyone()),
]
