from django.urls import path

from . import views

app_name = "referrals"

P = "p/<slug:programme>/referrals/"

urlpatterns = [
    path(f"{P}", views.referral_list, name="list"),
    path(f"{P}download/", views.export, name="export"),
    path(f"{P}new/", views.create, name="create"),
    path(f"{P}<int:pk>/", views.detail, name="detail"),
    path(f"{P}<int:pk>/update/", views.move, name="move"),
    path(f"{P}<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{P}<int:pk>/hold/", views.hold, name="hold"),
]
