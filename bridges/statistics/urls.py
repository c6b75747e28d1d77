"""Staff pages of the statistics store, under /p/<programme>/statistics/."""

from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("p/<slug:programme>/statistics/", views.home, name="home"),
    path(
        "p/<slug:programme>/statistics/indicators/<int:indicator_id>/",
        views.indicator,
        name="indicator",
    ),
    path("p/<slug:programme>/statistics/map/", views.map_page, name="map"),
    path("p/<slug:programme>/statistics/arrivals/", views.arrivals, name="arrivals"),
    path("p/<slug:programme>/statistics/coverage/", views.coverage, name="coverage"),
    path("p/<slug:programme>/statistics/areas/<str:code>/", views.area, name="area"),
    path("p/<slug:programme>/statistics/imports/new/", views.import_create, name="import_create"),
    path(
        "p/<slug:programme>/statistics/imports/<int:import_id>/",
        views.import_detail,
        name="import_detail",
    ),
]
