"""The public "you said, we did" page: resolved issues in the coordinators' public words, in
the reader's language where a translation is published. Nothing on it names a person, counts
fewer than five people, or names a community smaller than VOICE_PUBLIC_COMMUNITY_MIN."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from bridges.accounts.models import Programme
from bridges.core.pagecache import anonymous_page_cache

from . import selectors

PAGE_SIZE = 20


@anonymous_page_cache()
def you_said(request, programme: str):
    programme = get_object_or_404(Programme, slug=programme, is_active=True)
    language = translation.get_language() or "en"
    page = Paginator(selectors.public_resolved(programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.public_rows(list(page), programme=programme, language=language)
    return render(
        request,
        "voice/you_said.html",
        {
            "programme": programme,
            "page": page,
            "rows": rows,
            "small_number": selectors.SMALL_NUMBER,
        },
    )
