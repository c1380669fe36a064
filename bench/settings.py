"""Settings of the bench server: exactly `config.settings` (production mode from the environment), plus one
workaround that `bench/run.py` switches on only when `collectstatic` fails because a vendored file names a source map
that is not shipped (`//# sourceMappingURL=...` without the .map): the bench then reports the failure and goes on."""

import os

from config.settings import *  # noqa: F403
from config.settings import STORAGES

if os.environ.get("BENCH_LENIENT_STATIC") == "1":
    STORAGES["staticfiles"] = {"BACKEND": "bench.storage.LenientManifestStorage"}
