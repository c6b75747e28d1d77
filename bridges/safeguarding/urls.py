from django.urls import path

from . import views

app_name = "safeguarding"

P = "p/<slug:programme>/safeguarding/"

urlpatterns = [
    path(f"{P}raise/", views.concern_raise, name="raise"),
    path(f"{P}mine/", views.my_concerns, name="my_concerns"),
    path(f"{P}mine/<int:pk>/", views.my_concern, name="my_concern"),
    path(f"{P}settings/", views.settings_edit, name="settings"),
    path(f"{P}concerns/", views.inbox, name="inbox"),
    path(f"{P}concerns/<int:pk>/", views.detail, name="detail"),
    path(f"{P}concerns/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path(f"{P}concerns/<int:pk>/action/", views.record_action, name="action"),
    path(f"{P}concerns/<int:pk>/close/", views.close, name="close"),
]
