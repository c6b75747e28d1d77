"""Public pages of community initiatives and events, per language (/en/…, /ar/…)."""

from django.urls import path

from . import views_public

app_name = "initiatives_public"

urlpatterns = [
    path("events/", views_public.events_index, name="events_index"),
    path("events/<slug:programme>/", views_public.event_list, name="event_list"),
    path("events/<slug:programme>/month/", views_public.month, name="month"),
    path("events/<slug:programme>/event/<int:pk>/", views_public.event_detail, name="event"),
    path("events/<slug:programme>/calendar.ics", views_public.programme_feed, name="feed"),
    path("initiatives/<slug:programme>/", views_public.initiative_list, name="initiative_list"),
    path(
        "initiatives/<slug:programme>/<int:pk>/", views_public.initiative_detail, name="initiative"
    ),
    path(
        "initiatives/<slug:programme>/<int:pk>/calendar.ics",
        views_public.initiative_feed,
        name="initiative_feed",
    ),
]
