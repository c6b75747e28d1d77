from django.urls import path

from . import views

app_name = "voice"

P = "p/<slug:programme>/voice/"

urlpatterns = [
    path(P, views.issue_list, name="list"),
    path(f"{P}download/", views.export, name="export"),
    path(f"{P}raise/", views.issue_raise, name="issue_raise"),
    path(f"{P}similar/", views.similar, name="similar"),
    path(f"{P}agenda/", views.agenda, name="agenda"),
    path(f"{P}agenda/download/", views.agenda_download, name="agenda_download"),
    path(f"{P}routes/", views.route_list, name="routes"),
    path(f"{P}routes/<int:pk>/answer/", views.route_answer, name="route_answer"),
    path(f"{P}<int:pk>/", views.detail, name="detail"),
    path(f"{P}<int:pk>/support/", views.support, name="support"),
    path(f"{P}<int:pk>/merge/", views.merge, name="merge"),
    path(f"{P}<int:pk>/route/", views.route, name="route"),
    path(f"{P}<int:pk>/resolve/", views.resolve, name="resolve"),
    path(f"{P}<int:pk>/close/", views.close, name="close"),
    # A named council contact's single-purpose link
    # (docs/decisions/0003-voice-answer-links-and-public-page.md).
    path("voice/answer/<str:token>/", views.answer_by_link, name="answer_by_link"),
]
