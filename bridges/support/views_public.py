"""The public "ask for help" form, per programme (as the networker application is), in every
interface language, without JavaScript."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import Programme
from bridges.contacts.models import Need
from bridges.core.ratelimit import public_form_rate_limit

from . import selectors, services
from .forms import RequestForm

IMMIGRATION_PARAMETER = "immigration"


def ask_index(request):
    programmes = list(Programme.objects.filter(is_active=True).only("name", "slug")[:50])
    if len(programmes) == 1:
        return redirect("support_public:ask", programme=programmes[0].slug)
    return render(request, "support/ask_index.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
@public_form_rate_limit("support-request")
def ask(request, programme: str):
    programme = get_object_or_404(
        Programme.objects.select_related("local_authority"), slug=programme, is_active=True
    )
    if request.method == "POST":
        form = RequestForm(request.POST, programme=programme)
        if form.is_valid():
            thanks = reverse("support_public:thanks", args=[programme.slug])
            if form.is_spam():
                # Tell a bot nothing: the same thanks page, and nothing stored.
                return redirect(thanks)
            support_request, _created = services.support_request_submit(
                programme=programme, **form.request_data()
            )
            if support_request.touches_immigration:
                thanks += f"?{IMMIGRATION_PARAMETER}=1"
            return redirect(thanks)
    else:
        form = RequestForm(programme=programme, initial=RequestForm.fresh_initial())
    return render(
        request,
        "support/ask.html",
        {"programme": programme, "form": form, "immigration_need": Need.IMMIGRATION},
    )


def thanks(request, programme: str):
    programme = get_object_or_404(Programme, slug=programme, is_active=True)
    immigration = request.GET.get(IMMIGRATION_PARAMETER) == "1"
    return render(
        request,
        "support/thanks.html",
        {
            "programme": programme,
            "immigration": immigration,
            "advisers": selectors.regulated_advisers(programme=programme) if immigration else [],
            "advisers_url": reverse("directory_public:search")
            + "?"
            + f"need={selectors.IMMIGRATION_ADVICE_NEED}&programme={programme.slug}",
        },
    )
