from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:submission_id>/", views.submission_detail, name="submission"),
    path("<int:submission_id>/prendre/", views.claim, name="claim"),
    path("<int:submission_id>/rendre/", views.release, name="release"),
    path("soumettre/<int:content_id>/", views.submit, name="submit"),
    path("contenu/<int:content_id>/historique/", views.history, name="history"),
    path("signaler/<int:content_id>/", views.flag, name="flag"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/signalement/<int:flag_id>/classer/", views.flag_dismiss, name="flag_dismiss"),
    path("moderation/contenu/<int:content_id>/depublier/", views.unpublish, name="unpublish"),
    path("equipe/", views.staff, name="staff"),
    path("equipe/membre/<int:member_id>/", views.staff_member, name="staff_member"),
]
