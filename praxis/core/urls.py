from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("conditions-d-utilisation/", views.terms, name="terms"),
    path("confidentialite/", views.privacy, name="privacy"),
]
