"""The public page of each key message, per language (/en/messages/12/, /ar/messages/12/):
the address a networker shares."""

from django.urls import path

from . import views_public

app_name = "cascades_public"

urlpatterns = [
    path("messages/<int:pk>/", views_public.message, name="message"),
]
