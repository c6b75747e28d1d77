"""Export the directory as HSDS 3.0: JSON (a list of full services) or a tabular data package
(zip of CSV files plus datapackage.json), built from the same dicts the API publishes.

The CSV files are written by bridges/core/exports.py, like every other download: a text cell
that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a
``'`` in front, so opening the package in a spreadsheet cannot run what someone typed into a
listing. Only text cells are changed; numbers such as a negative longitude are written as
numbers. The HSDS CSV importer takes the ``'`` off again (``exports.neutralise_undo``), so a
package Bridges exported imports back unchanged. JSON (the API and the JSON export) is not
touched: it is read by programs, not spreadsheets.
"""

import io
import json
import zipfile

from bridges.core import exports

from . import hsds, selectors

TABLES = {
    "organizations.csv": ["id", "name", "description", "email", "website", "logo", "uri"],
    "services.csv": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "accreditations",
        "eligibility_description",
        "application_process",
        "interpretation_services",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
        "last_modified",
    ],
    "locations.csv": ["id", "location_type", "name", "description", "latitude", "longitude"],
    "addresses.csv": [
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "schedules.csv": ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    "phones.csv": ["id", "service_id", "number", "description"],
    "languages.csv": ["id", "service_id", "name", "code"],
    "contacts.csv": ["id", "service_id", "name", "title"],
    "cost_options.csv": ["id", "service_id", "option", "amount", "amount_description"],
    "service_areas.csv": ["id", "service_id", "name", "extent", "extent_type"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity"],
    "taxonomy_terms.csv": ["id", "name", "description", "code", "parent_id", "taxonomy_id"],
}


def export_records(*, programme) -> list[dict]:
    return [hsds.service_export(s) for s in selectors.export_services(programme=programme)]


def export_json(*, programme) -> bytes:
    return json.dumps(export_records(programme=programme), ensure_ascii=False, indent=1).encode()


def export_datapackage(*, programme) -> bytes:
    rows: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
    for service in export_records(programme=programme):
        org = service["organization"]
        rows["organizations.csv"][org["id"]] = org
        rows["services.csv"][service["id"]] = service
        for at in service["service_at_locations"]:
            location = at["location"]
            rows["locations.csv"][location["id"]] = location
            for address in location.get("addresses", []):
                rows["addresses.csv"][address["id"]] = address
            rows["service_at_location.csv"][at["id"]] = at
        for key, table in [
            ("schedules", "schedules.csv"),
            ("phones", "phones.csv"),
            ("languages", "languages.csv"),
            ("contacts", "contacts.csv"),
            ("cost_options", "cost_options.csv"),
            ("service_areas", "service_areas.csv"),
        ]:
            for item in service.get(key, []):
                rows[table][item["id"]] = {**item, "service_id": service["id"]}
        for attribute in service["attributes"]:
            rows["attributes.csv"][attribute["id"]] = attribute
            term = attribute["taxonomy_term"]
            rows["taxonomy_terms.csv"][term["id"]] = term
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in TABLES.items():
            archive.writestr(
                name,
                exports.csv_text(
                    header=columns,
                    rows=([row.get(column) for column in columns] for row in rows[name].values()),
                ),
            )
            resources.append(
                {
                    "name": name.removesuffix(".csv"),
                    "path": name,
                    "format": "csv",
                    "mediatype": "text/csv",
                    "profile": "tabular-data-resource",
                    "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
                }
            )
        archive.writestr(
            "datapackage.json",
            json.dumps(
                {
                    "name": f"{programme.slug}-directory",
                    "title": f"{programme.name}: service directory",
                    "profile": "tabular-data-package",
                    "description": "Human Services Data Specification 3.0 data package.",
                    "resources": resources,
                },
                indent=1,
            ),
        )
    return buffer.getvalue()
