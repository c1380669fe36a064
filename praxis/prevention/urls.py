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
]
