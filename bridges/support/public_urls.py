"""Public pages of support requests, addressed per language (/en/…, /ar/…)."""

from django.urls import path

from . import views_public

app_name = "support_public"

urlpatterns = [
    path("support/ask/", views_public.ask_index, name="ask_index"),
    path("support/ask/<slug:programme>/", views_public.ask, name="ask"),
    path("support/ask/<slug:programme>/thanks/", views_public.thanks, name="thanks"),
]
