"""The reach report endpoint, for the phone's offline queue: session sign-in and CSRF, as the
pages use.

POST /p/<programme>/cascades/<message>/api/reports/ with a JSON report (the form's field
names and a `client_id` UUID made on the phone):

- 201 and the report when it is stored;
- 200 and the stored report when the same report was sent before (a retry);
- 409 when a different report was sent with that `client_id`;
- 400 with each field's errors when the report is not valid.

GET answers the signed-in networker's most recent reports of the message, newest first.
"""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme

from . import selectors, services
from .forms import ReachForm
from .models import KeyMessage, ReachReport

RECENT = 50


def report_json(report: ReachReport) -> dict:
    return {
        "id": report.pk,
        "client_id": str(report.client_id),
        "message": report.message_id,
        "date": report.date.isoformat(),
        "channel": report.channel,
        "language": report.language_id,
        "people_reached": report.people_reached,
        "community": report.community_id,
        "area": report.area_id,
        "question": report.question,
    }


@programme_role_required(Role.NETWORKER)
@require_http_methods(["GET", "POST"])
def reports(request, pk: int):
    message = get_for_programme(request, KeyMessage, pk=pk)
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        return JsonResponse(
            {"error": _("You have no networker profile in this programme.")}, status=403
        )
    if request.method == "GET":
        recent = selectors.reports_of(networker=networker, programme=request.programme).filter(
            message=message
        )[:RECENT]
        return JsonResponse({"reports": [report_json(r) for r in recent]})
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({"error": _("Send the report as a JSON object.")}, status=400)
    data = {name: str(value) for name, value in payload.items() if value is not None}
    choices = selectors.report_choices(
        programme=request.programme, message=message, networker=networker
    )
    form = ReachForm(data, choices=choices)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        stored, created = services.reach_report(
            message=message,
            networker=networker,
            client_id=form.cleaned_data["client_id"],
            data=form.reach_data(),
            recorded_by=request.user,
        )
    except services.ReportConflict as conflict:
        return JsonResponse(
            {"error": str(conflict.message), "client_id": str(form.cleaned_data["client_id"])},
            status=409,
        )
    return JsonResponse({"report": report_json(stored)}, status=201 if created else 200)
