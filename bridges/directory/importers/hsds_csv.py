"""HSDS 3.0 tabular data package: a zip of CSV files named as in the standard
(services.csv, organizations.csv, locations.csv, service_at_location.csv, addresses.csv,
schedules.csv, phones.csv, languages.csv, contacts.csv, cost_options.csv, attributes.csv,
service_areas.csv). Rows are joined back into nested service objects."""

import csv
import io
import zipfile
from collections import defaultdict

from bridges.core.exports import neutralise_undo

MAX_BYTES = 200 * 1024 * 1024


def _table(archive: zipfile.ZipFile, name: str) -> list[dict]:
    names = {n.rsplit("/", 1)[-1]: n for n in archive.namelist()}
    candidates = [name, name.replace("service_at_location.csv", "service_at_locations.csv")]
    for candidate in candidates:
        if candidate in names:
            info = archive.getinfo(names[candidate])
            if info.file_size > MAX_BYTES:
                raise ValueError(f"{candidate} is too large")
            text = archive.read(names[candidate]).decode("utf-8-sig")
            # Undo the spreadsheet-formula guard of Bridges' own exports (bridges/core/exports.py).
            return [
                {key: neutralise_undo(value) for key, value in row.items()}
                for row in csv.DictReader(io.StringIO(text))
            ]
    return []


def parse(payload: bytes) -> list:
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as error:
        raise ValueError("not a zip file") from error
    services = _table(archive, "services.csv")
    if not services:
        raise ValueError("no services.csv in the package")
    organizations = {row["id"]: row for row in _table(archive, "organizations.csv")}
    locations = {row["id"]: dict(row) for row in _table(archive, "locations.csv")}
    for row in _table(archive, "addresses.csv"):
        if row.get("location_id") in locations:
            locations[row["location_id"]].setdefault("addresses", []).append(row)
    by_service: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for key, table in [
        ("schedules", "schedules.csv"),
        ("phones", "phones.csv"),
        ("languages", "languages.csv"),
        ("contacts", "contacts.csv"),
        ("cost_options", "cost_options.csv"),
        ("service_areas", "service_areas.csv"),
    ]:
        for row in _table(archive, table):
            if row.get("service_id"):
                by_service[row["service_id"]][key].append(row)
    for row in _table(archive, "service_at_location.csv"):
        location = locations.get(row.get("location_id"))
        if location and row.get("service_id"):
            by_service[row["service_id"]]["service_at_locations"].append(
                {"id": row.get("id"), "location": location}
            )
    for row in _table(archive, "attributes.csv"):
        if row.get("link_id"):
            by_service[row["link_id"]]["attributes"].append(row)
    records = []
    for row in services:
        record = {k: v for k, v in row.items() if v not in (None, "")}
        if row.get("organization_id") in organizations:
            record["organization"] = organizations[row["organization_id"]]
        record.update(by_service.get(row.get("id", ""), {}))
        records.append(record)
    return records
