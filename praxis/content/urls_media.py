"""Routes of the media pipeline (mounted inside the `content:` namespace under /contenus/)."""

from typing import Any

from django.urls import path

from . import views_media

urlpatterns: list[Any] = [
    path("<int:content_id>/video/", views_media.capsule_upload, name="capsule_upload"),
    path("<int:content_id>/video/envoi/", views_media.capsule_tus, name="capsule_tus"),
    path("<int:content_id>/video/envoi/<uuid:upload_id>", views_media.capsule_tus_upload, name="capsule_tus_upload"),
    path("<int:content_id>/video/sous-titres/", views_media.capsule_captions, name="capsule_captions"),
    path("<int:content_id>/video/sous-titres/<slug:language>.vtt", views_media.capsule_track, name="capsule_track"),
    path("<int:content_id>/video/sous-titres/<slug:language>/supprimer/", views_media.capsule_caption_delete,
         name="capsule_caption_delete"),
    path("<int:content_id>/video/etat/", views_media.capsule_status, name="capsule_status"),
    path("<int:content_id>/video/position/", views_media.playback_position, name="playback_position"),
    # Renditions, poster and captions, through the rules (never a public URL of the storage).
    path("<int:content_id>/video/fichiers/<path:key>", views_media.capsule_file, name="capsule_file"),
]
