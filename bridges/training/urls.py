from django.urls import path

from . import views

app_name = "training"

P = "p/<slug:programme>/training/"

urlpatterns = [
    path(P, views.module_list, name="module_list"),
    path(f"{P}modules/new/", views.module_edit, name="module_create"),
    path(f"{P}modules/<slug:slug>/", views.module_detail, name="module_detail"),
    path(f"{P}modules/<slug:slug>/edit/", views.module_edit, name="module_edit"),
    path(f"{P}sessions/", views.session_list, name="session_list"),
    path(f"{P}sessions/new/", views.session_create, name="session_create"),
    path(f"{P}sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path(f"{P}sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path(f"{P}sessions/<int:session_id>/book/", views.session_book, name="session_book"),
    path(
        f"{P}sessions/<int:session_id>/book-someone/",
        views.session_book_someone,
        name="session_book_someone",
    ),
    path(
        f"{P}sessions/<int:session_id>/cancel-booking/",
        views.session_booking_cancel,
        name="session_booking_cancel",
    ),
    path(
        f"{P}sessions/<int:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(f"{P}sessions/<int:session_id>/calendar.ics", views.session_ics, name="session_ics"),
    path(f"{P}progress/", views.progress, name="progress"),
    path(f"{P}refreshers/", views.refreshers, name="refreshers"),
    path(f"{P}my-record/", views.my_record, name="my_record"),
    path(f"{P}networkers/<int:networker_id>/", views.networker_record, name="networker_record"),
    path(f"{P}certificates/<int:completion_id>/", views.certificate, name="certificate"),
    path(
        f"{P}certificates/<int:completion_id>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
]
