from django.urls import path

from . import views

app_name = "guides"

P = "p/<slug:programme>/guides/"

urlpatterns = [
    path(P, views.guide_list, name="list"),
    path(f"{P}download/", views.guide_download, name="download"),
    path(f"{P}new/", views.guide_create, name="create"),
    path(f"{P}readability/", views.readability_check, name="readability"),
    path(f"{P}<int:guide_id>/", views.guide_edit, name="edit"),
    path(f"{P}<int:guide_id>/status/", views.guide_status, name="status"),
    path(f"{P}<int:guide_id>/delete/", views.guide_delete, name="delete"),
]
