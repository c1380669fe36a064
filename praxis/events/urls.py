from django.urls import path

from .views import agenda, calendars, moderation, organiser, registration, seminars

app_name = "events"

urlpatterns = [
    path("", agenda.agenda, name="agenda"),
    path("mes-inscriptions/", agenda.mine, name="mine"),
    path("nouveau/", organiser.create, name="create"),
    path("institution/<slug:slug>/", agenda.institution_events, name="institution"),
    path("calendrier/", calendars.calendar, name="calendar"),
    path("calendrier/renouveler/", calendars.calendar_renew, name="calendar_renew"),
    path("calendrier/revoquer/", calendars.calendar_revoke, name="calendar_revoke"),
    path("calendrier/<str:token>.ics", calendars.feed, name="feed"),
    path("relecture/", seminars.review_queue, name="review_queue"),
    path("<int:event_id>/", registration.detail, name="detail"),
    path("<int:event_id>/modifier/", organiser.edit, name="edit"),
    path("<int:event_id>/annuler/", organiser.cancel_event, name="cancel"),
    path("<int:event_id>/signaler/", moderation.flag, name="flag"),
    path("<int:event_id>/depublier/", moderation.unpublish, name="unpublish"),
    path("<int:event_id>/inscription/", registration.register, name="register"),
    path("<int:event_id>/desinscription/", registration.unregister, name="unregister"),
    path("<int:event_id>/evenement.ics", calendars.event_ics, name="ics"),
    path("<int:event_id>/participants/", organiser.attendees, name="attendees"),
    path("<int:event_id>/participants.csv", organiser.attendees_csv, name="attendees_csv"),
    path("<int:event_id>/presences.csv", organiser.attendance_transmission_csv, name="attendance_csv"),
    path("<int:event_id>/presences/", organiser.attendance, name="attendance"),
    path("<int:event_id>/message/", organiser.message, name="message"),
    path("<int:event_id>/rediffusion/", organiser.replay, name="replay"),
    path("<int:event_id>/supports/", organiser.material_add, name="material_add"),
    path("<int:event_id>/supports/<int:material_id>/", organiser.material_download, name="material"),
    path("<int:event_id>/contributions/nouvelle/", seminars.piece_add, name="piece_add"),
    path("<int:event_id>/contributions/<int:piece_id>/", seminars.piece_download, name="piece"),
    path("<int:event_id>/livre-blanc/nouveau/", seminars.white_paper_new, name="white_paper_new"),
    path("livres-blancs/<int:paper_id>/", seminars.white_paper, name="white_paper"),
    path("livres-blancs/<int:paper_id>/modifier/", seminars.white_paper_edit, name="white_paper_edit"),
    path("livres-blancs/<int:paper_id>/soumettre/", seminars.white_paper_submit, name="white_paper_submit"),
    path("livres-blancs/<int:paper_id>/decision/", seminars.white_paper_review, name="white_paper_review"),
    path("livres-blancs/<int:paper_id>/pdf/", seminars.white_paper_pdf, name="white_paper_pdf"),
]
