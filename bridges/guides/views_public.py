"""Public pages: the list of published guides, a guide in the reader's language, its printable
one-page version (A4) and the same as a PDF. Text with no published translation in the
reader's language is shown in its source language, marked with its own lang and dir, with a
note saying so."""

from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import to_locale

from bridges.core.forms import filter_values

from . import selectors
from .forms import PublicFilterForm
from .models import SECTIONS

PAGE_SIZE = 20


def guide_list(request):
    programmes = selectors.programmes_with_guides()
    form = PublicFilterForm(request.GET or None, programmes=programmes)
    values = filter_values(form)
    guides = selectors.published_guides(
        programme=values.get("programme"), query=values.get("q") or ""
    )
    page = Paginator(guides, PAGE_SIZE).get_page(request.GET.get("page"))
    texts = selectors.guide_texts(list(page.object_list), request.LANGUAGE_CODE)
    return render(
        request,
        "guides/public_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(guide, texts[guide.pk]) for guide in page.object_list],
        },
    )


def _guide(city: str, slug: str):
    guide = selectors.published_guide(programme_slug=city, slug=slug)
    if guide is None:
        raise Http404
    return guide


def _context(request, guide) -> dict:
    text = selectors.guide_text(guide, request.LANGUAGE_CODE)
    return {
        "guide": guide,
        "text": text,
        "sections": [
            {
                "key": key,
                "heading": heading,
                "text": text.text(key),
                "language": text.language_of(key),
            }
            for key, heading in SECTIONS
            if text.text(key) and key != "summary"
        ],
        "steps": [
            {
                "number": step.number,
                "title": text.text(f"step.{step.number}.title"),
                "title_language": text.language_of(f"step.{step.number}.title"),
                "body": text.text(f"step.{step.number}.body"),
                "body_language": text.language_of(f"step.{step.number}.body"),
            }
            for step in guide.steps.all()
        ],
        "services": list(guide.services.all()),
        "page_url": request.build_absolute_uri(selectors.public_url(guide, request.LANGUAGE_CODE)),
        "og_locale": to_locale(request.LANGUAGE_CODE),
    }


def guide_detail(request, city, slug):
    guide = _guide(city, slug)
    return render(request, "guides/public_detail.html", _context(request, guide))


def guide_print(request, city, slug):
    guide = _guide(city, slug)
    context = _context(request, guide)
    context["printable"] = True
    return render(request, "guides/leaflet.html", context)


def guide_pdf(request, city, slug):
    from weasyprint import CSS, HTML

    guide = _guide(city, slug)
    context = _context(request, guide)
    context["printed_at"] = timezone.now()
    html = render_to_string("guides/leaflet.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[CSS(filename=finders.find("guides/leaflet.css"))]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{guide.slug}-{request.LANGUAGE_CODE}.pdf"'
    return response
