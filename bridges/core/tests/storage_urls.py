"""The project's URLs plus three small views that write, for the storage tests."""

import random

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from bridges.core.models import Area
from config.urls import handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def save_area(request):
    """Writes a ward with a boundary of `points` points: the write happens in the view."""
    rng = random.Random(request.POST["code"])
    ring = [[rng.uniform(-1, 1), rng.uniform(50, 52)] for _ in range(int(request.POST["points"]))]
    Area.objects.create(
        code=request.POST["code"],
        name="Storage test ward",
        kind=Area.Kind.WARD,
        boundary={"type": "Polygon", "coordinates": [ring]},
    )
    return HttpResponse("saved", status=201)


def remember_later(request):
    """Changes the session and leaves SessionMiddleware to save it, after the view."""
    request.session["note"] = request.POST["note"]
    return HttpResponse("noted")


def broken_query(request):
    """A database error that is not about storage."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT FROM nowhere WHERE")
    return HttpResponse("unreachable")


urlpatterns = [
    path("storage-test/area/", save_area),
    path("storage-test/remember-later/", remember_later),
    path("storage-test/broken/", broken_query),
    *project_urlpatterns,
]
