"""The loaded areas, as an import checks codes and vintages against them.

A GSS code names one area; when a boundary changes enough, the area gets a new code. A file's
codes are of the year its publisher used ("vintage"): Census 2021 uses 2021 local-authority codes,
the boundaries loaded here are of 2024. A local-authority code whose lifespan covers both the
file's year and the loaded area's year (`data/lad_code_changes.csv`, from the ONS list of
local-authority geographies 2014–2025) stands for the same area in both, so it is not a
mismatch. Ward and MSOA codes of another vintage than the loaded boundaries are a mismatch: the
figure would be joined to a boundary it was not counted in.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bridges.core.models import Area

DATA = Path(__file__).resolve().parent.parent / "data"
# Codes of regions and countries do not change with boundary reviews.
STABLE_KINDS = {Area.Kind.REGION, Area.Kind.COUNTRY}


@dataclass(frozen=True)
class KnownArea:
    code: str
    name: str
    kind: str
    vintage: str


@cache
def lad_lifespans() -> dict[str, tuple[int | None, int | None]]:
    """Local-authority codes created or abolished 2014–2025: code → (first year, last year)."""
    spans = {}
    with (DATA / "lad_code_changes.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            first = int(row["first_year"]) if row["first_year"] else None
            last = int(row["last_year"]) if row["last_year"] else None
            spans[row["code"]] = (first, last)
    return spans


def _year(vintage: str) -> int | None:
    match = re.match(r"^\d{4}", vintage or "")
    return int(match.group()) if match else None


def name_key(name: str) -> str:
    """A place name for matching: "Kingston upon Hull, City of" and "Kingston Upon Hull" agree."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r",\s*city of\b|\bcity of\s+", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


class AreaIndex:
    """Every loaded area by code, and local authorities and regions by name."""

    def __init__(self):
        self.by_code: dict[str, KnownArea] = {}
        self.by_name: dict[str, KnownArea] = {}
        for code, name, kind, vintage in Area.objects.values_list(
            "code", "name", "kind", "vintage"
        ):
            area = KnownArea(code, name, kind, vintage)
            self.by_code[code] = area
            if kind in (Area.Kind.LOCAL_AUTHORITY, Area.Kind.REGION, Area.Kind.COUNTRY):
                self.by_name.setdefault(name_key(name), area)

    def get(self, code: str) -> KnownArea | None:
        return self.by_code.get(code)

    def named(self, name: str) -> KnownArea | None:
        return self.by_name.get(name_key(name))

    def vintage_matches(self, area: KnownArea, vintage: str) -> bool:
        """Whether a code of `vintage` stands for the loaded area of that code."""
        if not vintage or vintage == area.vintage or area.kind in STABLE_KINDS:
            return True
        if area.kind != Area.Kind.LOCAL_AUTHORITY:
            return False
        year = _year(vintage)
        if year is None:
            return False
        first, last = lad_lifespans().get(area.code, (None, None))
        return (first is None or first <= year) and (last is None or last >= year)
