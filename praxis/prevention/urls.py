from django.urls import path

from . import views

app_name = "prevention"

urlpatterns = [
    path("auto-evaluation/", views.self_start, name="self_start"),
    path("auto-evaluation/<slug:slug>/", views.self_step, name="self_step"),
    path("depistage/", views.pro_start, name="pro_start"),
    path("depistage/<slug:slug>/", views.pro_step, name="pro_step"),
    path("resultat/<str:token>/", views.result, name="result"),
    path("resultat/<str:token>/resume.pdf", views.result_pdf, name="result_pdf"),
    path("resultat/<str:token>/rappel.ics", views.result_ics, name="result_ics"),
    path("chiffres/", views.figures, name="figures"),
    path("patients-et-aidants/", views.patients, name="patients"),
    path("boites-a-outils/", views.toolbox_list, name="toolboxes"),
    path("boites-a-outils/nouvelle/", views.toolbox_create, name="toolbox_create"),
    path("boites-a-outils/<slug:slug>/", views.toolbox_detail, name="toolbox"),
    path("boites-a-outils/<slug:slug>/modifier/", views.toolbox_edit, name="toolbox_edit"),
    path("boites-a-outils/<slug:slug>/sections/nouvelle/", views.section_edit, name="section_add"),
    path("boites-a-outils/<slug:slug>/sections/<int:section_id>/", views.section_edit, name="section_edit"),
    path("boites-a-outils/<slug:slug>/ajouter/", views.item_add, name="item_add"),
    path("boites-a-outils/<slug:slug>/elements/<int:item_id>/", views.item_change, name="item_change"),
    path("boites-a-outils/<slug:slug>/suivre/", views.toolbox_follow, name="toolbox_follow"),
    path("boites-a-outils/<slug:slug>/liste.pdf", views.toolbox_pdf, name="toolbox_pdf"),
]
