from django.urls import path

from . import views
from .scorm import views as scorm_views

app_name = "learning"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ma-formation/", views.my_training, name="mine"),
    path("cours/<slug:slug>/", views.course_detail, name="course"),
    path("cours/<slug:slug>/inscription/", views.enrol, name="enrol"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/document/", views.lesson_document, name="document"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/lu/", views.lesson_acknowledge, name="acknowledge"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/progression/", views.heartbeat, name="heartbeat"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/quiz/", views.quiz_start, name="quiz_start"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/quiz/<int:attempt_id>/", views.quiz_submit, name="quiz_submit"),
    path("mes-cours/", views.authoring, name="authoring"),
    path("mes-cours/nouveau/", views.course_new, name="course_new"),
    path("mes-cours/<int:course_id>/", views.edit, name="edit"),
    path("mes-cours/<int:course_id>/lecons/", views.lesson_new, name="lesson_new"),
    path("mes-cours/<int:course_id>/publier/", views.publish, name="publish"),
    path("mes-cours/<int:course_id>/nouvelle-version/", views.new_version, name="new_version"),
    path("mes-cours/lecons/<int:lesson_id>/", views.lesson_edit, name="lesson_edit"),
    path("mes-cours/lecons/<int:lesson_id>/deplacer/", views.lesson_move, name="lesson_move"),
    path("mes-cours/lecons/<int:lesson_id>/supprimer/", views.lesson_delete, name="lesson_delete"),
    path("mes-cours/lecons/<int:lesson_id>/quiz/", views.quiz_edit, name="quiz_edit"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/scorm/<int:attempt_id>/", scorm_views.commit,
         name="scorm_commit"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/paquet/", scorm_views.upload, name="scorm_upload"),
    path("mes-cours/<int:course_id>/scorm/", scorm_views.lesson_new, name="scorm_lesson_new"),
]
