from django.urls import path

from . import views
from .mandatory import views as mandatory_views
from .programmes import views as programme_views
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
    path("mes-cours/<int:course_id>/relecture/", views.submit, name="submit"),
    path("relecture/", views.course_reviews, name="course_reviews"),
    path("relecture/<int:review_id>/", views.course_review, name="course_review"),
    path("mes-cours/<int:course_id>/nouvelle-version/", views.new_version, name="new_version"),
    path("mes-cours/lecons/<int:lesson_id>/", views.lesson_edit, name="lesson_edit"),
    path("mes-cours/lecons/<int:lesson_id>/deplacer/", views.lesson_move, name="lesson_move"),
    path("mes-cours/lecons/<int:lesson_id>/supprimer/", views.lesson_delete, name="lesson_delete"),
    path("mes-cours/lecons/<int:lesson_id>/quiz/", views.quiz_edit, name="quiz_edit"),
    path("mes-cours/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/scorm/<int:attempt_id>/", scorm_views.commit,
         name="scorm_commit"),
    path("cours/<slug:slug>/lecons/<int:lesson_id>/paquet/", scorm_views.upload, name="scorm_upload"),
    path("mes-cours/<int:course_id>/scorm/", scorm_views.lesson_new, name="scorm_lesson_new"),
    # programmes: the learner's page, authoring
    path("programmes/<slug:slug>/", programme_views.programme_detail, name="programme"),
    path("mes-cours/programmes/nouveau/", programme_views.programme_new, name="programme_new"),
    path("mes-cours/programmes/<int:programme_id>/", programme_views.programme_edit, name="programme_edit"),
    path("mes-cours/programmes/<int:programme_id>/cours/", programme_views.programme_item_add,
         name="programme_item_add"),
    path("mes-cours/programmes/<int:programme_id>/publier/", programme_views.programme_publish,
         name="programme_publish"),
    path("mes-cours/programmes/cours/<int:item_id>/deplacer/", programme_views.programme_item_move,
         name="programme_item_move"),
    path("mes-cours/programmes/cours/<int:item_id>/retirer/", programme_views.programme_item_remove,
         name="programme_item_remove"),
    # institutions: staff, departments, assignments, reports
    path("equipes/", mandatory_views.teams, name="teams"),
    path("equipes/<slug:institution>/personnel/", mandatory_views.staff, name="staff"),
    path("equipes/<slug:institution>/personnel/import/", mandatory_views.staff_import_page, name="staff_import"),
    path("equipes/<slug:institution>/services/", mandatory_views.departments, name="departments"),
    path("equipes/<slug:institution>/services/<int:department_id>/responsables/", mandatory_views.department_manager,
         name="department_manager"),
    path("equipes/<slug:institution>/assignations/", mandatory_views.assignments, name="assignments"),
    path("equipes/<slug:institution>/assignations/nouvelle/", mandatory_views.assignment_new, name="assignment_new"),
    path("equipes/<slug:institution>/assignations/<int:assignment_id>/", mandatory_views.assignment_detail,
         name="assignment"),
    path("equipes/<slug:institution>/assignations/<int:assignment_id>/cloturer/", mandatory_views.assignment_close,
         name="assignment_close"),
    path("equipes/<slug:institution>/rapports/", mandatory_views.report, name="report"),
    path("equipes/<slug:institution>/rapports/export.csv", mandatory_views.report_csv, name="report_csv"),
]
