from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("langue/", views.set_language, name="set_language"),
    path("profil/", views.profile, name="profile"),
    path("profil/modifier/", views.profile_edit, name="profile_edit"),
    path("parametres/", views.settings_page, name="settings"),
    path("parametres/mes-donnees/", views.export_page, name="export"),
    path("parametres/mes-donnees/<str:token>/", views.export_download, name="export_download"),
    path("parametres/acces-a-mes-donnees/", views.my_accesses, name="my_accesses"),
    path("verification/journal-des-acces/", views.access_log, name="access_log"),
    path("confidentialite/mes-donnees/", views.privacy, name="privacy"),
    path("parametres/supprimer-mon-compte/", views.delete_account, name="delete"),
    path("compte/suppression/<str:token>/", views.erasure_status, name="erasure_status"),
    path("parametres/identites/", views.identities, name="identities"),
    path("parametres/identites/lier/", views.identity_link, name="eid_link"),
    path("parametres/identites/<int:account_id>/retirer/", views.identity_unlink, name="identity_unlink"),
    path("compte/3rdparty/", views.identities_legacy, name="identities_legacy"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("verification/membre/<int:member_id>/", views.verification_detail, name="verification_detail"),
    path("verification/preuve/", views.proof_upload, name="proof_upload"),
    path("verification/preuve/<int:proof_id>/", views.proof_download, name="proof_download"),
]
