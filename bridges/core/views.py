from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .homepage import home_content
from .pagecache import anonymous_page_cache


@require_GET
@anonymous_page_cache()
def home(request):
    """The public home page: core's welcome, then the sections and cards the apps contribute."""
    return render(request, "core/home.html", home_content())


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. For load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def language_switch(request, code: str):
    """Switch the interface language with a plain link (no JavaScript, no form), remembering
    the choice in a cookie and returning to the same page in the new language."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def minimal(request):
    """The smallest Django view, for benchmarks only: the floor other pages are compared with."""
    return HttpResponse(b"ok", content_type="text/plain")
