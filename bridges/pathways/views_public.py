"""The public planner: tick what you have, choose what you want, get an ordered plan.

The whole state is in the address (a GET form): nothing about the person is stored, a plan
can be shared as a link or printed, and a networker can open one for someone beside them.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import translation

from bridges.accounts.models import Programme
from bridges.guides.selectors import guides_for_slugs

from . import planner, selectors
from .forms import PlannerForm
from .presentation import GuideLink, plan_page
from .templatetags.pathways import item_name
from .texts import item_texts


def planner_page(request, programme: str):
    found = get_object_or_404(Programme, slug=programme, is_active=True)
    items = list(selectors.items(found))
    language = translation.get_language() or "en"
    texts = item_texts(items, language)
    # Each label marked with the language its name is really in (English until translated).
    ordered = sorted(items, key=lambda item: texts[item.slug].name.casefold())
    choices = [(item.slug, item_name(texts[item.slug])) for item in ordered]
    form = PlannerForm(request.GET or None, choices=choices)
    page = None
    if form.is_bound and form.is_valid():
        result = planner.plan(
            selectors.graph(found), have=form.cleaned_data["have"], want=form.cleaned_data["want"]
        )
        view = selectors.plan_view(found, result, {item.slug: item for item in items})
        slugs = sorted({s for r in view.requirements.values() for s in r.guide_slug_list})
        guides = {
            slug: GuideLink(slug, title, url)
            for slug, title, url in guides_for_slugs(slugs, language, programme=found)
        }
        page = plan_page(view, texts, guides)
    checked = [item.last_checked for item in items if item.last_checked]
    return render(
        request,
        "pathways/planner.html",
        {
            "programme": found,
            "form": form,
            "plan": page,
            "texts": texts,
            "last_checked": min(checked) if checked else None,
            "has_items": bool(items),
        },
    )
