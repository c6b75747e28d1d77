from django.urls import path

from . import views

app_name = "translations"

P = "p/<slug:programme>/translations/"

urlpatterns = [
    path(f"{P}", views.coverage, name="coverage"),
    path(f"{P}download/", views.coverage_export, name="export"),
    path(f"{P}waiting/", views.waiting, name="waiting"),
    path(f"{P}<str:kind>/<str:object_id>/<str:language>/", views.start, name="start"),
    path(f"{P}<int:pk>/", views.translate, name="translate"),
    path(f"{P}<int:pk>/review/", views.review, name="review"),
]
