from django.urls import path

from . import views

app_name = "dropins"

P = "p/<slug:programme>/dropins/"
OCC = f"{P}<int:pk>/<str:day>/"  # one occurrence: a session and a date (YYYY-MM-DD)

urlpatterns = [
    path(P, views.session_list, name="session_list"),
    path(f"{P}new/", views.session_create, name="session_create"),
    path(f"{P}<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(f"{P}<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path(f"{P}rota/", views.rota, name="rota"),
    path(f"{P}groups/", views.group_totals, name="group_totals"),
    path(OCC, views.occurrence, name="occurrence"),
    path(f"{OCC}sign-up/", views.shift_sign_up, name="shift_sign_up"),
    path(f"{OCC}give-up/", views.shift_give_up, name="shift_give_up"),
    path(f"{OCC}queue/", views.queue_add, name="queue_add"),
    path(f"{OCC}queue/<int:entry>/see/", views.queue_see, name="queue_see"),
    path(f"{OCC}free/", views.networker_free, name="networker_free"),
    path(f"{OCC}attendance/", views.attendance, name="attendance"),
]
