"""Public pages of the guides, addressed per language (/en/guides/…, /ar/guides/…)."""

from django.urls import path

from . import views_public

app_name = "guides_public"

G = "guides/<slug:city>/<slug:slug>/"

urlpatterns = [
    path("guides/", views_public.guide_list, name="list"),
    path(G, views_public.guide_detail, name="detail"),
    path(f"{G}print/", views_public.guide_print, name="print"),
    path(f"{G}guide.pdf", views_public.guide_pdf, name="pdf"),
]
