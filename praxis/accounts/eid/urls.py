"""Included by allauth under /compte/ (the provider's `package`): the sign-in and the provider's way back."""

from django.urls import path

from . import views

urlpatterns = [
    path("eid/<str:provider_id>/connexion/", views.login, name="eid_login"),
    path("eid/<str:provider_id>/connexion/retour/", views.callback, name="eid_callback"),
]
