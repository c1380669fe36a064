from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from praxis.api.v1 import api as api_v1

# allauth answers its rate limits through this view: HTTP 429 with Retry-After.
handler429 = "praxis.core.throttling.handler429"
# A lost database connection answers 503 with Retry-After (praxis/core/outage.py); any other error the 500 page.
handler500 = "praxis.core.outage.server_error"

urlpatterns = [
    path("", include("praxis.site.urls")),
    path("", include("praxis.core.urls")),
    path("", include("praxis.accounts.urls")),
    path("contenus/", include("praxis.content.urls")),
    path("relecture/", include("praxis.review.urls")),
    path("echanges/", include("praxis.discussions.urls")),
    path("annuaire/", include("praxis.institutions.urls")),
    path("communautes/", include("praxis.communities.urls")),
    path("", include("praxis.cpd.urls")),
    path("agenda/", include("praxis.events.urls")),
    path("formation/", include("praxis.learning.urls")),
    path("emplois/", include("praxis.jobs.urls")),
    path("prevention/", include("praxis.prevention.urls")),
    path("search/", include("praxis.search.urls")),
    path("notifications/", include("praxis.notifications.urls")),
    path("", include("praxis.api.urls")),  # the member's API tokens (compte/acces-api/)
    path("api/v1/", api_v1.urls),  # the public REST API (django-ninja; namespace "api-v1")
    path("compte/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# No `static(MEDIA_URL)`, not even in development: stored files are served by views that apply the rules
# (praxis/core/serving.py); `core:public_media` serves the public prefixes (institution logos).

import os  # noqa: E402

if os.environ.get("PRAXIS_BENCH") == "1":
    # `make bench` only: the bare baseline view of the load harness (bench/). Never set in production.
    urlpatterns += [path("__bench__/", include("bench.urls"))]
