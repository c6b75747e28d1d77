"""Whole-page caching for public pages that are the same for every visitor without a session.

    @anonymous_page_cache()
    def home(request): ...

A page is served from the shared cache only to a visitor who sends no session cookie and no
flash messages (so nobody signed in, and no one with anything of their own on the page), for a
GET without a query string, per host, path, language and htmx request. A response is stored only
when it is a plain 200 that used no CSP nonce, no CSRF token, set no cookie and changed no
session: a page that does any of those is rendered afresh every time, so forms and scripts keep
their per-request values. Other responses pass through untouched.

Pages go stale after `timeout` seconds at most; sooner when data they show changes, because
`public_pages_changed()` (called from `post_save`/`post_delete` receivers, see
`connect_public_models`) moves every cached public page to a new generation at once.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "core:public-pages:generation"
DEFAULT_TIMEOUT = 60


def public_pages_changed(**_signal_kwargs) -> None:
    """Forget every cached public page (a signal receiver, or call it directly)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache dropped it): start a new one
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def connect_public_models(*models) -> None:
    """Forget the cached public pages whenever one of these models is saved or deleted."""
    for model in models:
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"pagecache-{model}")
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"pagecache-{model}")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        type(response) is HttpResponse
        and response.status_code == 200
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not getattr(request, "_csp_nonce", None)  # a nonce made for this response
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "CSRF_COOKIE" not in request.META
        and not (session is not None and session.modified)
    )


def _key(request, generation) -> str:
    return ":".join(
        [
            "core:public-page",
            str(generation),
            request.get_host(),
            get_language() or settings.LANGUAGE_CODE,
            "htmx" if request.headers.get("HX-Request") else "page",
            request.path,
        ]
    )


def anonymous_page_cache(timeout: int = DEFAULT_TIMEOUT):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            # A generation the cache lost is never reused: a new one starts from the clock.
            generation = cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
            key = _key(request, generation)
            stored = cache.get(key)
            if stored is not None:
                content, content_type, vary = stored
                response = HttpResponse(content, content_type=content_type)
                if vary:
                    response.headers["Vary"] = vary
                return response
            response = view(request, *args, **kwargs)
            if _cacheable_response(request, response):
                # The stored page varies on the cookie (no session) like the fresh one.
                patch_vary_headers(response, ["Cookie"])
                stored = (response.content, response["Content-Type"], response.get("Vary", ""))
                cache.set(key, stored, timeout)
            return response

        return wrapped

    return decorator
