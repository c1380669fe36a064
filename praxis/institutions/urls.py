from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("nouvelle/", views.create, name="create"),
    path("mes-institutions/", views.mine, name="mine"),
    path("mon-profil/", views.my_profile, name="my_profile"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/demandes/<int:claim_id>/", views.claim_decide, name="claim_decide"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("confreres/", views.colleagues, name="colleagues"),
    path("confreres/<int:user_id>/", views.colleague, name="colleague"),
    path("confreres/<int:user_id>/suivre/", views.follow_colleague, name="follow_colleague"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/historique/", views.history, name="history"),
    path("<slug:slug>/equipe/", views.members, name="members"),
    path("<slug:slug>/equipe/inviter/", views.invite, name="invite"),
    path("<slug:slug>/equipe/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/equipe/<int:membership_id>/retirer/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/<int:invitation_id>/retirer/", views.invitation_revoke, name="invitation_revoke"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/revendiquer/", views.claim, name="claim"),
    path("<slug:slug>/suivre/", views.follow_institution, name="follow"),
    path("<slug:slug>/moderer/", views.moderate, name="moderate"),
]
