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

The same generation tells other per-process copies of that data (`per_generation`, for example
the contact form's languages, countries and wards) when to read it again.
"""

import functools
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "core:public-pages:generation"
DEFAULT_TIMEOUT = 60


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache dropped it): start a new one
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def public_pages_changed(**_signal_kwargs) -> None:
    """Forget every cached public page (a signal receiver, or call it directly).

    Inside a transaction the generation moves now and again at the commit: a page (or a
    per-process copy) read between the two saw the data before the change."""
    _next_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_next_generation)


def generation():
    """The current generation of the public pages and of the data they show."""
    # A generation the cache lost is never reused: a new one starts from the clock.
    return cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)


def per_generation(function):
    """Keep `function`'s answer for each set of arguments in this process until the generation
    moves (`public_pages_changed`). For data that changes rarely and is read often, such as the
    reference data a form validates against. Answers are shared: return values nobody
    changes (tuples, frozensets). Costs one read of the shared cache per call.

    `wrapped.recent(*args, within=seconds)` answers the kept copy without reading the
    generation when the copy was confirmed current less than `within` seconds ago (otherwise
    as a call): for a caller that can check again when the copy does not know a value."""
    kept: dict = {"generation": None, "answers": {}, "confirmed": float("-inf")}
    lock = threading.Lock()

    @functools.wraps(function)
    def wrapped(*args):
        current = generation()
        with lock:
            if kept["generation"] == current and args in kept["answers"]:
                kept["confirmed"] = time.monotonic()
                return kept["answers"][args]
        value = function(*args)
        with lock:
            if kept["generation"] != current:
                kept["generation"], kept["answers"] = current, {}
            kept["answers"][args] = value
            kept["confirmed"] = time.monotonic()
        return value

    def recent(*args, within: float):
        with lock:
            if time.monotonic() - kept["confirmed"] < within and args in kept["answers"]:
                return kept["answers"][args]
        return wrapped(*args)

    wrapped.recent = recent
    return wrapped


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


def _key(request, current_generation) -> str:
    return ":".join(
        [
            "core:public-page",
            str(current_generation),
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
            key = _key(request, generation())
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
