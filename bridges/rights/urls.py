from django.urls import path

from . import views

app_name = "rights"

P = "p/<slug:programme>/subject-access/"

urlpatterns = [
    path(P, views.search, name="search"),
    path(f"{P}export.pdf", views.export_pdf, name="export_pdf"),
    path(f"{P}export.json", views.export_json, name="export_json"),
    path(f"{P}erase/", views.erase, name="erase"),
]
