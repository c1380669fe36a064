from django.urls import path, re_path

from . import views

app_name = "discussions"

urlpatterns = [
    path("contenu/<int:content_id>/question/", views.ask, name="ask"),
    path("contenu/<int:content_id>/questions/", views.questions, name="questions"),
    path("question/<int:question_id>/", views.question, name="question"),
    path("question/<int:question_id>/repondre/", views.answer, name="answer"),
    path("reponse/<int:answer_id>/acceptee/", views.accept, name="accept"),
    path("reponse/<int:answer_id>/utile/", views.vote_answer, name="vote_answer"),
    path("contenu/<int:content_id>/utile/", views.vote_content, name="vote_content"),
    path("contenu/<int:content_id>/favori/", views.bookmark, name="bookmark"),
    path("contenu/<int:content_id>/ajouter-a-une-liste/", views.playlist_add, name="playlist_add"),
    path("favoris/", views.bookmarks, name="bookmarks"),
    path("listes/", views.playlists, name="playlists"),
    path("listes/<int:playlist_id>/", views.playlist, name="playlist"),
    path("listes/<int:playlist_id>/retirer/<int:content_id>/", views.playlist_remove, name="playlist_remove"),
    path("listes/<int:playlist_id>/supprimer/", views.playlist_delete, name="playlist_delete"),
    # Questions ("question") and answers ("reponse") share their edit, deletion, flag and moderation pages.
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/modifier/$", views.post_edit, name="post_edit"),
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/supprimer/$", views.post_delete, name="post_delete"),
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/signaler/$", views.post_flag, name="post_flag"),
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/versions/$", views.post_versions, name="post_versions"),
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/masquer/$", views.post_hide, name="post_hide"),
    re_path(r"^(?P<kind>question|reponse)/(?P<post_id>[0-9]+)/retablir/$", views.post_restore, name="post_restore"),
]
