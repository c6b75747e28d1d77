"""Staff pages of the directory (under /p/<programme>/directory/) and the Open Referral UK API
(at /openreferral/)."""

from django.urls import path

from . import views
from .api import api

app_name = "directory"

urlpatterns = [
    path("p/<slug:programme>/directory/", views.home, name="home"),
    path(
        "p/<slug:programme>/directory/services/<uuid:service_id>/edit/",
        views.service_edit,
        name="service_edit",
    ),
    path(
        "p/<slug:programme>/directory/services/<uuid:service_id>/verify/",
        views.service_verify,
        name="service_verify",
    ),
    path(
        "p/<slug:programme>/directory/changes/<int:change_id>/",
        views.change_review,
        name="change_review",
    ),
    path(
        "p/<slug:programme>/directory/reports/<int:report_id>/",
        views.report_detail,
        name="report_detail",
    ),
    path("p/<slug:programme>/directory/imports/new/", views.import_create, name="import_create"),
    path(
        "p/<slug:programme>/directory/imports/<int:import_id>/",
        views.import_detail,
        name="import_detail",
    ),
    path("p/<slug:programme>/directory/export/", views.export, name="export"),
    path("p/<slug:programme>/directory/synonyms/", views.synonyms, name="synonyms"),
    path(
        "p/<slug:programme>/directory/searches-that-found-nothing/",
        views.search_misses,
        name="search_misses",
    ),
    path(
        "p/<slug:programme>/directory/synonyms/<int:term_id>/delete/",
        views.synonym_delete,
        name="synonym_delete",
    ),
    path("openreferral/", api.urls),
]
