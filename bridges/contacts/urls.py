from django.urls import path

from . import api, views

app_name = "contacts"

P = "p/<slug:programme>/contacts/"

urlpatterns = [
    path(P, views.log, name="log"),
    path(f"{P}new/", views.record, name="record"),
    path(f"{P}mine/", views.mine, name="mine"),
    path(f"{P}mine/<int:pk>/", views.detail, name="detail"),
    path(f"{P}mine/<int:pk>/correct/", views.correct, name="correct"),
    path(f"{P}unsent/", views.unsent, name="unsent"),
    path(f"{P}api/records/", api.records, name="api_records"),
    path(f"{P}api/services/", api.service_search, name="api_services"),
    path(f"{P}sw.js", views.service_worker, name="service_worker"),
]
