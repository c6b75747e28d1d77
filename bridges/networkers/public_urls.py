"""Public pages of networkers, addressed per language (/en/…, /ar/…)."""

from django.urls import path

from . import views

app_name = "networkers_public"

urlpatterns = [
    path("networkers/join/", views.join_index, name="join_index"),
    path("networkers/join/<slug:programme>/", views.join, name="join"),
    path("networkers/join/<slug:programme>/thanks/", views.join_thanks, name="join_thanks"),
    path("networkers/join/<slug:programme>/privacy/", views.join_privacy, name="join_privacy"),
]
