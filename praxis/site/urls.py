from django.urls import path

from . import views

app_name = "site"

# The paths are those the pages had in the apps they came from.
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/fil/", views.feed, name="feed"),
    path("search/chiffres/", views.platform_figures, name="figures"),
]
