from django.urls import path

from . import views

app_name = "pathways"

P = "p/<slug:programme>/pathways/"

urlpatterns = [
    path(P, views.item_list, name="item_list"),
    path(f"{P}new/", views.item_create, name="item_create"),
    path(f"{P}plan/", views.plan_start, name="plan_start"),
    path(f"{P}<int:pk>/", views.item_detail, name="item_detail"),
    path(f"{P}<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(f"{P}<int:pk>/delete/", views.item_delete, name="item_delete"),
    path(f"{P}<int:pk>/requirements/new/", views.requirement_create, name="requirement_create"),
    path(f"{P}requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path(f"{P}requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path(
        f"{P}requirements/<int:pk>/workaround/",
        views.workaround_propose,
        name="workaround_propose",
    ),
    path(f"{P}workarounds/", views.workaround_list, name="workaround_list"),
    path(f"{P}workarounds/<int:pk>/", views.workaround_decide, name="workaround_decide"),
]
