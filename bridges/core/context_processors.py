from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi

from .navigation import nav_for
from .offline import phone_queues_json, phone_scripts


def shell(request):
    """What the base layout needs: language switcher, text direction and role navigation."""
    current = get_language() or settings.LANGUAGE_CODE
    # The switch view translates `next` into the chosen language, so the current path is enough
    # here (translating it for every language on every page cost a third of the page's time).
    back_here = urlencode({"next": request.get_full_path()})
    languages = [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "rtl": code in settings.LANGUAGES_BIDI,
            "switch_url": f"{reverse('language_switch', args=[code])}?{back_here}",
        }
        for code, name in settings.LANGUAGES
    ]
    programme = getattr(request, "programme", None)
    roles = getattr(request, "roles", set())
    return {
        "shell_languages": languages,
        "shell_dir": "rtl" if get_language_bidi() else "ltr",
        "shell_programme": programme,
        "shell_nav": nav_for(programme=programme, roles=roles) if programme else [],
        # The offline queues the badge of a signed-in page reads on the phone (core/offline.py).
        "shell_phone_queues": phone_queues_json(),
        "shell_phone_scripts": phone_scripts(),
    }
