from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("p/<slug:programme>/", views.programme_home, name="programme_home"),
    path("p/<slug:programme>/people/", views.people, name="people"),
    path(
        "p/<slug:programme>/people/<int:membership_id>/remove/",
        views.membership_revoke,
        name="membership_revoke",
    ),
    path("p/<slug:programme>/invitations/", views.invitation_create, name="invitation_create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("audit/", views.audit_log, name="audit_log"),
]
