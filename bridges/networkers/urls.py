from django.urls import path

from . import views

app_name = "networkers"

P = "p/<slug:programme>/networkers/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(f"{P}pipeline/", views.board, name="board"),
    path(f"{P}dbs-renewals/", views.renewals, name="renewals"),
    path(f"{P}me/", views.my_profile, name="my_profile"),
    path(f"{P}me/edit/", views.my_profile_edit, name="my_profile_edit"),
    path(f"{P}<int:pk>/", views.detail, name="detail"),
    path(f"{P}<int:pk>/edit/", views.edit, name="edit"),
    path(f"{P}<int:pk>/move/", views.move, name="move"),
    path(f"{P}<int:pk>/dbs/", views.dbs_record, name="dbs_record"),
    path(f"{P}<int:pk>/vetting/", views.vetting_add, name="vetting_add"),
]
