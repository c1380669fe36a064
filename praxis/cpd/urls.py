from django.urls import path

from . import views

app_name = "cpd"

urlpatterns = [
    path("verifier/", views.verify_lookup, name="verify_lookup"),
    path("verifier/emetteur/", views.issuer, name="issuer"),
    path("verifier/cles.json", views.jwks, name="jwks"),
    path("verifier/statut/", views.status_list, name="status_list"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("formation-continue/", views.record, name="record"),
    path("formation-continue/referentiels/", views.scheme_choose, name="scheme_choose"),
    path("formation-continue/referentiels/<int:pk>/retirer/", views.scheme_remove, name="scheme_remove"),
    path("formation-continue/referentiels/<int:pk>/periode/<str:day>/", views.period, name="period"),
    path("formation-continue/referentiels/<int:pk>/periode/<str:day>/csv/", views.period_csv, name="period_csv"),
    path("formation-continue/referentiels/<int:pk>/periode/<str:day>/pdf/", views.period_pdf, name="period_pdf"),
    path("formation-continue/transmettre/", views.transmit, name="transmit"),
    path("formation-continue/declarer/", views.declare, name="declare"),
    path("formation-continue/activites/<int:pk>/supprimer/", views.entry_delete, name="entry_delete"),
    path("formation-continue/activites/<int:pk>/attestation/", views.proof, name="proof"),
    path("formation-continue/attestations/<str:code>/open-badge.jwt", views.credential, name="credential"),
    path("formation-continue/attestations/<str:code>/pdf/", views.attestation_pdf, name="attestation_pdf"),
]
