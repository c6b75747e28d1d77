"""Public pages of directory, addressed per language (/en/…, /ar/…)."""

app_name = "directory_public"

urlpatterns: list = []
