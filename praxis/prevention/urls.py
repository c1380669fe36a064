from django.urls import path

from . import views

app_name = "prevention"

urlpatterns = [
    path("auto-evaluation/", views.self_start, name="self_start"),
    path("auto-evaluation/resultat/", views.self_result, name="self_result"),
    path("auto-evaluation/<slug:slug>/", views.self_step, name="self_step"),
    path("depistage/", views.pro_start, name="pro_start"),
    path("depistage/resultat/", views.pro_result, name="pro_result"),
    path("depistage/<slug:slug>/", views.pro_step, name="pro_step"),
]
