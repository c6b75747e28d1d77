"""Near me, offline: where a postcode district or a ward is, and which services have a place
within a distance of it. No geocoding service is asked at run time.

- A ward (by name or GSS code) is placed at the middle of its boundary (`core.Area.boundary`,
  the ONS boundaries loaded with the reference data).
- A postcode district (the first half of a postcode, "LS7"; a full postcode is cut to its
  district, so no one's exact address is read or kept) is placed at the middle of the directory's
  own places in that district that have coordinates, else of the wards those places are in. A
  district the directory has no place in is not known, and the page says so.

Distances are great-circle distances between coordinates (WGS 84), in metres."""

import math
import re
from dataclasses import dataclass

from django.db.models import Q

from bridges.core.models import Area

from .models import Location, ServiceAtLocation

EARTH_RADIUS_M = 6_371_000
_OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)(\s*[0-9][A-Z]{2})?$")
# The most a search may ask for (ORUK `proximity` is in metres).
MAX_DISTANCE_M = 100_000


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float


def district_of(text: str) -> str | None:
    """The postcode district of a district or a full postcode ("ls7 3ab" → "LS7"), else None."""
    cleaned = re.sub(r"\s+", " ", (text or "").strip().upper())
    found = _OUTWARD.match(cleaned)
    if not found:
        return None
    if found.group(2) is None and " " not in cleaned and len(cleaned) > 4:
        return None
    return found.group(1)


def _rings(geometry: dict):
    kind = (geometry or {}).get("type")
    coordinates = (geometry or {}).get("coordinates") or []
    if kind == "Polygon":
        yield from coordinates[:1]
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon[:1]


def area_centre(area: Area) -> tuple[float, float] | None:
    """The middle of the area's boundary box (latitude, longitude), or None without one."""
    points = [point for ring in _rings(area.boundary) for point in ring if len(point) >= 2]
    if not points:
        return None
    longitudes = [p[0] for p in points]
    latitudes = [p[1] for p in points]
    return (min(latitudes) + max(latitudes)) / 2, (min(longitudes) + max(longitudes)) / 2


def _mean(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def place_of(text: str) -> Place | None:
    """Where a postcode district or a ward is, or None when it is not known here."""
    text = (text or "").strip()[:60]
    if not text:
        return None
    district = district_of(text)
    if district:
        located, wards = [], set()
        candidates = Location.objects.filter(postal_code__istartswith=district).values_list(
            "postal_code", "latitude", "longitude", "area_id"
        )
        for postcode, latitude, longitude, area_id in candidates:
            if district_of(postcode) != district:
                continue  # "LS1" is not "LS10 1AB"
            if latitude is not None and longitude is not None:
                located.append((latitude, longitude))
            elif area_id:
                wards.add(area_id)
        centre = _mean(located) or _mean(
            [c for a in Area.objects.filter(pk__in=wards) if (c := area_centre(a))]
        )
        return Place(district, *centre) if centre else None
    ward = (
        Area.objects.of_kind(Area.Kind.WARD)
        .filter(Q(pk__iexact=text) | Q(name__iexact=text))
        .order_by("pk")
        .first()
    )
    if ward and (centre := area_centre(ward)):
        return Place(ward.name, *centre)
    return None


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def _within(place: Place, metres: float) -> list[tuple]:
    """(service-at-location id, service id) of every place within `metres` of `place` (a box
    read through the database, then the exact distance)."""
    metres = min(max(metres, 0), MAX_DISTANCE_M)
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    cos = max(math.cos(math.radians(place.latitude)), 0.01)
    dlon = math.degrees(metres / (EARTH_RADIUS_M * cos))
    rows = ServiceAtLocation.objects.filter(
        location__latitude__range=(place.latitude - dlat, place.latitude + dlat),
        location__longitude__range=(place.longitude - dlon, place.longitude + dlon),
    ).values_list("pk", "service_id", "location__latitude", "location__longitude")
    origin = (place.latitude, place.longitude)
    return [
        (pk, service_id)
        for pk, service_id, latitude, longitude in rows
        if distance_m(origin, (latitude, longitude)) <= metres
    ]


def services_within(place: Place, metres: float) -> set:
    """Ids of services with a place within `metres` of `place`."""
    return {service_id for _, service_id in _within(place, metres)}


def places_within(place: Place, metres: float) -> set:
    """Ids of services-at-locations within `metres` of `place`."""
    return {pk for pk, _ in _within(place, metres)}
