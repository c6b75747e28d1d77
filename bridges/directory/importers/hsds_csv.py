"""HSDS 3.0 tabular data package: a zip of CSV files named as in the standard
(services.csv, organizations.csv, locations.csv, service_at_location.csv, addresses.csv,
schedules.csv, phones.csv, languages.csv, contacts.csv, cost_options.csv, attributes.csv,
service_areas.csv). Rows are joined back into nested service objects."""

import csv
import io
import lzma
import zipfile
import zlib
from collections import defaultdict

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.core.exports import neutralise_undo
from bridges.core.locale_format import format_number

from .common import ImportFailed

# Methods the standard library can read; anything else is refused before reading.
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# Below this size a member's compression ratio is not checked (tiny files compress oddly).
RATIO_CHECKED_FROM = 1024 * 1024


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a package that is encrypted, uses an unknown compression method, or would expand
    beyond DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES or DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO
    (a zip bomb), from the sizes the archive declares. Reading never goes past a member's
    declared size (the zipfile module stops there), so the declared sizes bound the work."""
    limit = int(settings.DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES)
    ratio = int(settings.DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO)
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise ImportFailed(_("The zip file is encrypted: export it again without a password."))
        if info.compress_type not in METHODS:
            raise ImportFailed(_("The zip file uses a compression method Bridges cannot read."))
        total += info.file_size
        if total > limit:
            raise ImportFailed(
                _("The zip file would expand to more than %(size)s.")
                % {"size": filesizeformat(limit)}
            )
        if info.file_size >= RATIO_CHECKED_FROM and info.file_size > ratio * max(
            info.compress_size, 1
        ):
            raise ImportFailed(
                _("The zip file is compressed suspiciously well (more than %(ratio)s to 1).")
                % {"ratio": ratio}
            )


def _table(archive: zipfile.ZipFile, name: str) -> list[dict]:
    names = {n.rsplit("/", 1)[-1]: n for n in archive.namelist()}
    candidates = [name, name.replace("service_at_location.csv", "service_at_locations.csv")]
    for candidate in candidates:
        if candidate in names:
            try:
                data = archive.read(names[candidate])
            except (
                zipfile.BadZipFile,
                zlib.error,
                lzma.LZMAError,
                EOFError,
                OSError,
                RuntimeError,
                NotImplementedError,
            ) as error:
                raise ImportFailed(
                    _("The zip file is damaged: %(file)s could not be read.") % {"file": candidate}
                ) from error
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ImportFailed(
                    _("%(file)s is not UTF-8 text.") % {"file": candidate}
                ) from error
            try:
                # Undo the spreadsheet-formula guard of Bridges' own exports (core/exports.py).
                return [
                    {key: neutralise_undo(value) for key, value in row.items()}
                    for row in csv.DictReader(io.StringIO(text))
                ]
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise ImportFailed(
                        ngettext(
                            "%(file)s has a field longer than %(limit)s character.",
                            "%(file)s has a field longer than %(limit)s characters.",
                            csv.field_size_limit(),
                        )
                        % {"file": candidate, "limit": format_number(csv.field_size_limit())}
                    ) from error
                raise ImportFailed(
                    _("%(file)s is not a valid CSV file.") % {"file": candidate}
                ) from error
    return []


def parse(payload: bytes) -> list:
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ImportFailed(_("The file is not a zip file.")) from error
    check_archive(archive)
    services = _table(archive, "services.csv")
    if not services:
        raise ImportFailed(_("There is no services.csv in the package."))
    organizations = {
        row["id"]: row for row in _table(archive, "organizations.csv") if row.get("id")
    }
    locations = {row["id"]: dict(row) for row in _table(archive, "locations.csv") if row.get("id")}
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
