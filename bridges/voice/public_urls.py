"""The public "you said, we did" page, per programme and per language (/en/…, /fa/…)."""

from django.urls import path

from . import views_public

app_name = "voice_public"

urlpatterns = [
    path("voice/<slug:programme>/you-said-we-did/", views_public.you_said, name="you_said"),
]
