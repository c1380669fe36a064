from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("compte/acces-api/", views.tokens, name="tokens"),
    path("compte/acces-api/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
]
