"""Open Referral UK v1 `/services` feed: a JSON array of services, or a page object with
`content` (v1) / `contents` (3.0 style). Summary feeds (like most councils' `/services`) hold
no locations; detail records may carry `service_at_locations`, `regular_schedules`,
`eligibilitys`, `languages`, `service_taxonomys`."""

import json

from django.utils.translation import gettext as _

from .common import ImportFailed


def parse(payload: bytes) -> list:
    data = json.loads(payload.decode("utf-8-sig"))
    if isinstance(data, dict):
        for key in ("content", "contents", "services", "items"):
            if isinstance(data.get(key), list):
                return data[key]
        raise ImportFailed(_("There is no list of services in this file."))
    if not isinstance(data, list):
        raise ImportFailed(_("The file does not hold a list of services."))
    return [_from_v1(item) if isinstance(item, dict) else item for item in data]


def _from_v1(item: dict) -> dict:
    record = dict(item)
    # v1 service_at_locations carry location with physical_addresses; common handles both.
    if isinstance(record.get("eligibilitys"), list) and "eligibility_description" not in record:
        record["eligibility_description"] = "\n".join(
            str(e.get("eligibility") or "") for e in record["eligibilitys"] if isinstance(e, dict)
        )
    return record
