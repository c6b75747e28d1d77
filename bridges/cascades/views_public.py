"""The public page of a key message in the address's language: the translation where one is
published, otherwise the text as written (marked with its own language)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from bridges.core.pagecache import anonymous_page_cache

from . import selectors
from .models import KeyMessage


@anonymous_page_cache()
def message(request, pk: int):
    found = get_object_or_404(
        KeyMessage.objects.select_related("programme", "source_language"), pk=pk
    )
    today = timezone.localdate()
    if found.starts_on > today or not found.programme.is_active:
        raise Http404
    language = translation.get_language() or "en"
    return render(
        request,
        "cascades/public_message.html",
        {
            "message": found,
            "text": selectors.message_text(found, language),
            "ended": found.ends_on < today,
        },
    )
