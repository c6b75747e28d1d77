"""The contact log's JSON endpoint, for the phone's offline queue: session sign-in and CSRF,
as the pages use.

POST /p/<programme>/contacts/api/records/ with a JSON record (the form's field names, lists for
`languages`, `needs`, `actions` and `services`, and a `client_id` UUID made on the phone):

- 201 and the record when it is stored;
- 200 and the stored record when the same record was sent before (a retry);
- 409 when a different record was sent with that `client_id`;
- 400 with each field's errors when the record is not valid.

GET answers the signed-in networker's most recent records (what the server has), newest first.

GET /p/<programme>/contacts/api/services/?q=words answers the programme's published directory
services matching the words, `{"results": [{"id", "name"}]}`, for the form's service picker.
"""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role

from . import selectors, services
from .forms import ContactForm
from .models import ContactRecord

RECENT = 50
LIST_FIELDS = ("languages", "needs", "actions", "services")


def record_json(record: ContactRecord, *, languages: list[str] | None = None) -> dict:
    """The explicit shape of a record in the API (`languages`: the codes, when known already)."""
    if languages is None:
        languages = [language.pk for language in record.languages.all()]
    return {
        "id": record.pk,
        "client_id": str(record.client_id),
        "date": record.date.isoformat(),
        "channel": record.channel,
        "people_helped": record.people_helped,
        "duration_minutes": record.duration_minutes,
        "languages": sorted(set(languages)),
        "country": record.country_id,
        "age_band": record.age_band,
        "gender": record.gender,
        "time_in_uk": record.time_in_uk,
        "area": record.area_id,
        "needs": record.needs,
        "actions": record.actions,
        "services": record.services,
        "outcome": record.outcome,
        "follow_up": record.follow_up,
        "note": record.note or "",
    }


def _form_data(payload: dict) -> dict:
    """A JSON record as form data: lists stay lists, other values become text."""
    data = {}
    for name, value in payload.items():
        if name in LIST_FIELDS:
            data[name] = [str(item) for item in value] if isinstance(value, list) else []
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif value is not None:
            data[name] = str(value)
    return data


class _Data(dict):
    def getlist(self, name):
        value = self.get(name, [])
        return value if isinstance(value, list) else [value]


@programme_role_required(Role.NETWORKER, annotate=selectors.networker_pk_with_membership)
@require_http_methods(["GET", "POST"])
def records(request):
    networker = selectors.networker_of_request(request)
    if networker is None:
        return JsonResponse(
            {"error": _("You have no networker profile in this programme.")}, status=403
        )
    if request.method == "GET":
        recent = selectors.contact_records_of(networker=networker).for_programme(request.programme)[
            :RECENT
        ]
        return JsonResponse({"records": [record_json(r) for r in recent]})
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({"error": _("Send the record as a JSON object.")}, status=400)
    data = _Data(_form_data(payload))
    # Checked against the kept reference data if it was confirmed current a moment ago; a
    # language, country or ward it does not know is checked again against current data.
    recent = selectors.contact_form_choices(programme=request.programme, recent=True)
    form = ContactForm(data, programme=request.programme, usual_languages=[], choices=recent)
    if not form.is_valid() and form.refused_a_reference():
        form = ContactForm(data, programme=request.programme, usual_languages=[])
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    data = form.contact_data()
    try:
        stored, created = services.contact_record(
            programme=request.programme,
            networker=networker,
            client_id=form.cleaned_data["client_id"],
            data=data,
            recorded_by=request.user,
        )
    except services.ContactConflict as conflict:
        return JsonResponse(
            {"error": str(conflict.message), "client_id": str(form.cleaned_data["client_id"])},
            status=409,
        )
    # A new record holds the languages just sent; a repeat answers with what was stored.
    shown = record_json(stored, languages=data.languages if created else None)
    return JsonResponse({"record": shown}, status=201 if created else 200)


@programme_role_required(Role.NETWORKER)
@require_GET
def service_search(request):
    """GET ?q=words: the programme's published directory services matching the words, for
    the form's search-as-you-type service picker (a few, by name; none for no words)."""
    found = selectors.services_matching(
        programme=request.programme, query=request.GET.get("q", "")[:100]
    )
    response = JsonResponse({"results": [{"id": pk, "name": name} for pk, name in found]})
    response["Cache-Control"] = "private, no-store"
    return response
