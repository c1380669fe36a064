from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.offer_list, name="list"),
    path("nouvelle/", views.offer_create, name="create"),
    path("alertes/", views.saved_searches, name="saved_searches"),
    path("alertes/enregistrer/", views.search_save, name="search_save"),
    path("alertes/<int:search_id>/supprimer/", views.search_delete, name="search_delete"),
    path("<int:offer_id>/", views.offer_detail, name="detail"),
    path("<int:offer_id>/modifier/", views.offer_edit, name="edit"),
    path("<int:offer_id>/retirer/", views.offer_withdraw, name="withdraw"),
    path("<int:offer_id>/contact/", views.offer_contact, name="contact"),
    path("<int:offer_id>/signaler/", views.offer_flag, name="flag"),
    path("<int:offer_id>/depublier/", views.offer_unpublish, name="unpublish"),
]
