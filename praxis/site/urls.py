from django.urls import path

from . import views

app_name = "site"

# The paths are those the pages had in the apps they came from.
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/fil/", views.feed, name="feed"),
    path("search/chiffres/", views.platform_figures, name="figures"),
    path("themes/", views.themes, name="themes"),
    path("themes/<slug:slug>/", views.theme, name="theme"),
    path("themes/<slug:slug>/suivre/", views.theme_follow, name="theme_follow"),
    path("suivis/", views.following, name="following"),
    path("suivis/retirer/", views.unfollow, name="unfollow"),
]
