"""Staff pages of the directory (under /p/<programme>/directory/) and the Open Referral UK API
(at /openreferral/)."""

from functools import wraps

from django.urls import URLPattern, path

from . import views
from .api import api


def _open_to_any_origin(view):
    """The header the Open Referral UK rules require on every API response: any web page may
    read it (`Access-Control-Allow-Origin: *`; the API is public, read-only, without cookies)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _api_urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _open_to_any_origin(pattern.callback)
    return patterns, app_name, namespace


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
        "p/<slug:programme>/directory/services/<uuid:service_id>/history/",
        views.service_history,
        name="service_history",
    ),
    path(
        "p/<slug:programme>/directory/services/<uuid:service_id>/history/<int:history_id>/restore/",
        views.service_version_restore,
        name="service_version_restore",
    ),
    path(
        "p/<slug:programme>/directory/services/<uuid:service_id>/remove/",
        views.service_remove,
        name="service_remove",
    ),
    path(
        "p/<slug:programme>/directory/services/<uuid:service_id>/put-back/",
        views.service_put_back,
        name="service_put_back",
    ),
    path("p/<slug:programme>/directory/removed/", views.removed, name="removed"),
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
    path(
        "p/<slug:programme>/directory/imports/<int:import_id>/review/",
        views.import_review,
        name="import_review",
    ),
    path(
        "p/<slug:programme>/directory/imports/<int:import_id>/review/<int:held_id>/",
        views.held_decide,
        name="held_decide",
    ),
    path("p/<slug:programme>/directory/feed/", views.feed, name="feed"),
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
    path("openreferral/", _api_urls()),
]
