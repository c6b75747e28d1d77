from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

from .navigation import nav_for


def shell(request):
    """What the base layout needs: language switcher, text direction and role navigation."""
    current = get_language() or settings.LANGUAGE_CODE
    languages = [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "rtl": code in settings.LANGUAGES_BIDI,
            "url": translate_url(request.get_full_path(), code),
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
    }
