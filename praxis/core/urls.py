from django.conf import settings
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("conditions-d-utilisation/", views.terms, name="terms"),
    path("confidentialite/", views.privacy, name="privacy"),
    # MEDIA_URL itself: only the public prefixes answer (see praxis/core/serving.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", views.public_media, name="public_media"),
]
