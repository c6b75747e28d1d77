"""Public pages of training, addressed per language (/en/…, /ar/…)."""

app_name = "training_public"

urlpatterns: list = []
