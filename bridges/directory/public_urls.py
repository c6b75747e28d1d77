"""Public pages of directory, addressed per language (/en/…, /ar/…)."""

from django.urls import path

from . import views_public

app_name = "directory_public"

urlpatterns = [
    path("services/", views_public.search, name="search"),
    path("services/<uuid:service_id>/", views_public.service_detail, name="service_detail"),
    path("services/<uuid:service_id>/report/", views_public.service_report, name="report"),
]
