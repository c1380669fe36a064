
from typing import Any

from django.urls import include, path

from . import views

app_name = "content"

urlpatterns: list[Any] = [
    path("", views.content_list, name="list"),
    path("mes-contenus/", views.my_contents, name="mine"),
    path("nouveau/", views.content_create_choice, name="create_choice"),
    path("nouveau/<slug:kind>/", views.content_create, name="create"),
    path("<int:pk>-<slug:slug>/", views.content_detail, name="detail"),
    path("<int:pk>/modifier/", views.content_edit, name="edit"),
    path("<int:pk>/supprimer/", views.content_delete, name="delete"),
    path("<int:pk>/document/", views.document_download, name="document"),
    # Upload, processing status, player and playback positions (media pipeline).
    path("", include("praxis.content.urls_media")),
]
