from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("mes-inscriptions/", views.mine, name="mine"),
    path("nouveau/", views.create, name="create"),
    path("institution/<slug:slug>/", views.institution_events, name="institution"),
    path("calendrier/", views.calendar, name="calendar"),
    path("calendrier/renouveler/", views.calendar_renew, name="calendar_renew"),
    path("calendrier/revoquer/", views.calendar_revoke, name="calendar_revoke"),
    path("calendrier/<str:token>.ics", views.feed, name="feed"),
    path("relecture/", views.review_queue, name="review_queue"),
    path("<int:event_id>/", views.detail, name="detail"),
    path("<int:event_id>/modifier/", views.edit, name="edit"),
    path("<int:event_id>/annuler/", views.cancel_event, name="cancel"),
    path("<int:event_id>/inscription/", views.register, name="register"),
    path("<int:event_id>/desinscription/", views.unregister, name="unregister"),
    path("<int:event_id>/evenement.ics", views.event_ics, name="ics"),
    path("<int:event_id>/participants/", views.attendees, name="attendees"),
    path("<int:event_id>/participants.csv", views.attendees_csv, name="attendees_csv"),
    path("<int:event_id>/presences/", views.attendance, name="attendance"),
    path("<int:event_id>/message/", views.message, name="message"),
    path("<int:event_id>/rediffusion/", views.replay, name="replay"),
    path("<int:event_id>/supports/", views.material_add, name="material_add"),
    path("<int:event_id>/supports/<int:material_id>/", views.material_download, name="material"),
    path("<int:event_id>/contributions/nouvelle/", views.piece_add, name="piece_add"),
    path("<int:event_id>/contributions/<int:piece_id>/", views.piece_download, name="piece"),
    path("<int:event_id>/livre-blanc/nouveau/", views.white_paper_new, name="white_paper_new"),
    path("livres-blancs/<int:paper_id>/", views.white_paper, name="white_paper"),
    path("livres-blancs/<int:paper_id>/modifier/", views.white_paper_edit, name="white_paper_edit"),
    path("livres-blancs/<int:paper_id>/soumettre/", views.white_paper_submit, name="white_paper_submit"),
    path("livres-blancs/<int:paper_id>/decision/", views.white_paper_review, name="white_paper_review"),
    path("livres-blancs/<int:paper_id>/pdf/", views.white_paper_pdf, name="white_paper_pdf"),
]
