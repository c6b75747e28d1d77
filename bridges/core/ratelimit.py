"""A limit on how often one client may send the public forms (a networker application, "this
listing is wrong", an invitation's answer), counted in the shared cache so that every web
process sees every attempt. Beyond it the person sees a friendly page, answered 429.

PUBLIC_FORM_RATE_LIMIT forms per PUBLIC_FORM_RATE_WINDOW_MINUTES, per form and per address
(per /64 network for IPv6, since one home or phone has a whole one); 0 turns the limit off.
"""

import ipaddress
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .net import client_address


def _client_key(address: str | None) -> str:
    if not address:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def rate_limit_consume(*, scope: str, address: str | None) -> int:
    """Count one use of `scope` by `address`. Returns 0 when allowed, otherwise the seconds
    until it is allowed again."""
    limit = int(settings.PUBLIC_FORM_RATE_LIMIT)
    if limit <= 0:
        return 0
    window = max(1, int(settings.PUBLIC_FORM_RATE_WINDOW_MINUTES) * 60)
    now = time.time()
    bucket = int(now // window)
    key = f"public-form-limit:{scope}:{_client_key(address)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((bucket + 1) * window - now))


def public_form_rate_limit(scope: str) -> Callable:
    """Limit the POSTs a view receives from one client (see the module's notes)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                wait = rate_limit_consume(scope=scope, address=client_address(request))
                if wait:
                    response = render(
                        request,
                        "core/rate_limited.html",
                        {"minutes": max(1, round(wait / 60))},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
