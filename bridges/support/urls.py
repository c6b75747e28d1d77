from django.urls import path

from . import views

app_name = "support"

P = "p/<slug:programme>/support/"

urlpatterns = [
    path(f"{P}requests/", views.queue, name="queue"),
    path(f"{P}requests/<int:pk>/", views.detail, name="detail"),
    path(f"{P}requests/<int:pk>/assign/", views.assign, name="assign"),
    path(f"{P}requests/<int:pk>/close/", views.close, name="close"),
    path(f"{P}requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{P}mine/", views.mine, name="mine"),
    path(f"{P}mine/<int:pk>/", views.offer, name="offer"),
    path(f"{P}mine/<int:pk>/accept/", views.accept, name="accept"),
    path(f"{P}mine/<int:pk>/decline/", views.decline, name="decline"),
    path(f"{P}mine/<int:pk>/contacted/", views.contacted, name="contacted"),
]
