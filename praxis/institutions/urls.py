from django.urls import path

from .views import claims, colleagues, directory, staff

app_name = "institutions"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("nouvelle/", directory.create, name="create"),
    path("mes-institutions/", colleagues.mine, name="mine"),
    path("mon-profil/", colleagues.my_profile, name="my_profile"),
    path("moderation/", claims.moderation, name="moderation"),
    path("moderation/demandes/<int:claim_id>/", claims.claim_decide, name="claim_decide"),
    path("invitations/<str:token>/", staff.invitation, name="invitation"),
    path("confreres/", colleagues.colleagues, name="colleagues"),
    path("confreres/<int:user_id>/", colleagues.colleague, name="colleague"),
    path("confreres/<int:user_id>/suivre/", colleagues.follow_colleague, name="follow_colleague"),
    path("<slug:slug>/", directory.detail, name="detail"),
    path("<slug:slug>/modifier/", directory.edit, name="edit"),
    path("<slug:slug>/historique/", directory.history, name="history"),
    path("<slug:slug>/fermer/", directory.close, name="close"),
    path("<slug:slug>/rouvrir/", directory.reopen, name="reopen"),
    path("<slug:slug>/equipe/", staff.members, name="members"),
    path("<slug:slug>/equipe/inviter/", staff.invite, name="invite"),
    path("<slug:slug>/equipe/<int:membership_id>/role/", staff.member_role, name="member_role"),
    path("<slug:slug>/equipe/<int:membership_id>/retirer/", staff.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/<int:invitation_id>/retirer/", staff.invitation_revoke, name="invitation_revoke"),
    path("<slug:slug>/quitter/", staff.leave, name="leave"),
    path("<slug:slug>/revendiquer/", claims.claim, name="claim"),
    path("<slug:slug>/suivre/", colleagues.follow_institution, name="follow"),
    path("<slug:slug>/moderer/", claims.moderate, name="moderate"),
]
