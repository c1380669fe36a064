from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("nouvelle/", views.community_create, name="create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.community_home, name="home"),
    path("<slug:slug>/modifier/", views.community_edit, name="edit"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/demande/retirer/", views.request_withdraw, name="request_withdraw"),
    path("<slug:slug>/demandes/<int:request_id>/", views.request_decide, name="request_decide"),
    path("<slug:slug>/inviter/", views.invite, name="invite"),
    path("<slug:slug>/invitations/<int:invitation_id>/retirer/", views.invitation_revoke, name="invitation_revoke"),
    path("<slug:slug>/membres/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/membres/<int:membership_id>/retirer/", views.member_remove, name="member_remove"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/suivre/", views.follow, name="follow"),
]
