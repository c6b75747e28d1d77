"""Public pages of pathways, addressed per language (/en/…, /ar/…)."""

from django.urls import path

from . import views_public

app_name = "pathways_public"

urlpatterns = [
    path("pathways/<slug:programme>/", views_public.planner_page, name="planner"),
]
