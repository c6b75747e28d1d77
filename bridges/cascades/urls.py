from django.urls import path

from . import api, views

app_name = "cascades"

P = "p/<slug:programme>/cascades/"

urlpatterns = [
    path(P, views.message_list, name="list"),
    path(f"{P}new/", views.message_create, name="create"),
    path(f"{P}<int:pk>/", views.message_detail, name="detail"),
    path(f"{P}<int:pk>/edit/", views.message_edit, name="edit"),
    path(f"{P}<int:pk>/delete/", views.message_delete, name="delete"),
    path(f"{P}reach/", views.reach, name="reach"),
    path(f"{P}reach/download/", views.reach_export, name="reach_export"),
    path(f"{P}questions/", views.questions, name="questions"),
    path(f"{P}questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path(f"{P}questions/<int:pk>/merge/", views.question_merge, name="question_merge"),
    path(f"{P}mine/", views.mine, name="mine"),
    path(f"{P}<int:pk>/report/", views.report, name="report"),
    path(f"{P}<int:pk>/api/reports/", api.reports, name="api_reports"),
]
