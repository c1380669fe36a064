from django.urls import path
from oauth2_provider import views as oauth

from . import views

app_name = "api"

urlpatterns = [
    path("compte/acces-api/", views.tokens, name="tokens"),
    path("compte/acces-api/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
    path("compte/acces-api/applications/<int:application_id>/retirer/", views.application_revoke,
         name="application_revoke"),
    path("annuaire/<slug:slug>/systemes/", views.institution_clients, name="institution_clients"),
    path("annuaire/<slug:slug>/systemes/<int:client_id>/retirer/", views.institution_client_remove,
         name="institution_client_remove"),
    # OAuth2 (django-oauth-toolkit's own views): only the endpoints the API's applications use. Applications are
    # registered by platform admins (Django admin) or, for an institution's system, by its admins (services).
    path("o/authorize/", views.AuthorizationView.as_view(), name="oauth_authorize"),
    path("o/token/", oauth.TokenView.as_view(), name="oauth_token"),
    path("o/revoke_token/", oauth.RevokeTokenView.as_view(), name="oauth_revoke"),
]
