"""Public pages of networkers, addressed per language (/en/…, /ar/…)."""

app_name = "networkers_public"

urlpatterns: list = []
