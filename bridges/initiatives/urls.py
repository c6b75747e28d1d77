from django.urls import path

from . import views

app_name = "initiatives"

P = "p/<slug:programme>/initiatives/"
E = "p/<slug:programme>/events/"

urlpatterns = [
    path(P, views.initiative_list, name="initiative_list"),
    path(f"{P}new/", views.initiative_create, name="initiative_create"),
    path(f"{P}<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path(f"{P}<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path(f"{P}<int:pk>/withdraw/", views.initiative_withdraw, name="initiative_withdraw"),
    path(E, views.event_list, name="event_list"),
    path(f"{E}new/", views.event_create, name="event_create"),
    path(f"{E}attendance/", views.attendance_totals, name="attendance_totals"),
    path(f"{E}<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(f"{E}<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path(f"{E}<int:pk>/<str:day>/attendance/", views.attendance, name="attendance"),
]
