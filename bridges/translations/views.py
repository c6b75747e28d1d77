from django.http import Http404, HttpResponse

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme

from .models import Translation
from .registry import get_kind


@programme_role_required(Role.COORDINATOR)
def coverage(request):
    return HttpResponse()


@programme_role_required(Role.COORDINATOR)
def coverage_export(request):
    return HttpResponse()


@programme_role_required(Role.NETWORKER, Role.COORDINATOR)
def waiting(request):
    return HttpResponse()


@programme_role_required(Role.NETWORKER, Role.COORDINATOR)
def start(request, kind, object_id, language):
    try:
        found = get_kind(kind)
    except KeyError:
        raise Http404 from None
    model = found.model_class
    get_for_programme(request, model, pk=object_id)
    return HttpResponse()


@programme_role_required(Role.NETWORKER, Role.COORDINATOR)
def translate(request, pk):
    get_for_programme(request, Translation, pk=pk)
    return HttpResponse()


@programme_role_required(Role.NETWORKER, Role.COORDINATOR)
def review(request, pk):
    get_for_programme(request, Translation, pk=pk)
    return HttpResponse()
