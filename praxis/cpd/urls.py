from django.urls import path

from . import views

app_name = "cpd"

urlpatterns = [
    path("verifier/", views.verify_lookup, name="verify_lookup"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("formation-continue/attestations/<str:code>/pdf/", views.attestation_pdf, name="attestation_pdf"),
]
