from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("nouvelle/", views.community_create, name="create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("reseaux/<int:network_id>/indicateurs/", views.network_indicators_view, name="network_indicators"),
    path("reseaux/<int:network_id>/indicateurs/themes/", views.network_themes_view, name="network_themes"),
    path("modeles/", views.template_list, name="templates"),
    path("modeles/nouveau/", views.template_create, name="template_create"),
    path("modeles/<int:template_id>/", views.template_detail, name="template"),
    path("modeles/<int:template_id>/modifier/", views.template_edit, name="template_edit"),
    path("modeles/<int:template_id>/differences/", views.template_diff, name="template_diff"),
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
    path("<slug:slug>/indicateurs/", views.community_indicators, name="indicators"),
]

urlpatterns += [
    path("<slug:slug>/cas/", views.cases, name="cases"),
    path("<slug:slug>/cas/nouveau/", views.case_create, name="case_create"),
    path("<slug:slug>/cas/<int:case_id>/", views.case_detail, name="case"),
    path("<slug:slug>/cas/<int:case_id>/modifier/", views.case_edit, name="case_edit"),
    path("<slug:slug>/cas/<int:case_id>/commenter/", views.case_comment, name="case_comment"),
    path("<slug:slug>/cas/<int:case_id>/recommandation/", views.case_recommend, name="case_recommend"),
    path("<slug:slug>/cas/<int:case_id>/documenter/", views.case_document, name="case_document"),
    path("<slug:slug>/cas/<int:case_id>/suivi/", views.case_followup, name="case_followup"),
    path("<slug:slug>/cas/<int:case_id>/resultat/", views.case_outcome, name="case_outcome"),
    path("<slug:slug>/cas/<int:case_id>/publier/", views.case_publish, name="case_publish"),
    path("<slug:slug>/discussions/", views.threads, name="threads"),
    path("<slug:slug>/discussions/nouvelle/", views.thread_create, name="thread_create"),
    path("<slug:slug>/discussions/<int:thread_id>/", views.thread_detail, name="thread"),
]

urlpatterns += [
    path("<slug:slug>/reunions/", views.meetings, name="meetings"),
    path("<slug:slug>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/reunions/modele/", views.agenda_template, name="agenda_template"),
    path("<slug:slug>/reunions/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/reunions/<int:meeting_id>/reunion.ics", views.meeting_ics, name="meeting_ics"),
    path("<slug:slug>/reunions/<int:meeting_id>/presences/", views.roll_call, name="roll_call"),
    path("<slug:slug>/reunions/<int:meeting_id>/compte-rendu/", views.minutes, name="minutes"),
    path("<slug:slug>/reunions/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path("<slug:slug>/reunions/<int:meeting_id>/envoyer/", views.minutes_send, name="minutes_send"),
    path("<slug:slug>/reunions/<int:meeting_id>/questionnaire/", views.survey, name="survey"),
    path("<slug:slug>/actions/<int:action_id>/fait/", views.action_done, name="action_done"),
]

urlpatterns += [
    path("<slug:slug>/outils/", views.tools, name="tools"),
    path("<slug:slug>/outils/nouveau/", views.tool_create, name="tool_create"),
    path("<slug:slug>/outils/<int:tool_id>/", views.tool_detail, name="tool"),
    path("<slug:slug>/outils/<int:tool_id>/modifier/", views.tool_edit, name="tool_edit"),
    path("<slug:slug>/outils/<int:tool_id>/differences/", views.tool_diff, name="tool_diff"),
]

urlpatterns += [
    path("<slug:slug>/bibliotheque/", views.library, name="library"),
    path("<slug:slug>/bibliotheque/<int:item_id>/retirer/", views.library_remove, name="library_remove"),
    path("<slug:slug>/bibliotheque/<int:item_id>/fichier/", views.library_file, name="library_file"),
    path("<slug:slug>/outils/modeles/", views.templates_offered, name="templates_offered"),
    path("<slug:slug>/outils/modeles/<int:template_id>/adopter/", views.template_adopt, name="template_adopt"),
    path("<slug:slug>/outils/<int:tool_id>/modele/", views.template_change, name="template_change"),
]
