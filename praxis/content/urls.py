from django.urls import include, path

app_name = "content"

urlpatterns: list = [
    # Upload, processing status, player and playback positions (media pipeline).
    path("", include("praxis.content.urls_media")),
]
