"""Location maps drawn on the server as SVG from ward boundaries: no tile server, no script."""

import math
from dataclasses import dataclass

from shapely.geometry import shape

WIDTH = 320
HEIGHT = 220
PAD = 10


@dataclass
class Marker:
    x: float
    y: float
    label: str


@dataclass
class SvgMap:
    paths: list[str]
    markers: list[Marker]
    width: int = WIDTH
    height: int = HEIGHT


def location_map(locations) -> SvgMap | None:
    """The wards of these locations as outlines, with a marker per location."""
    wards = {}
    for location in locations:
        if location.area_id and location.area and location.area.boundary:
            wards[location.area_id] = shape(location.area.boundary)
    if not wards:
        return None
    shapes = list(wards.values())
    minx = min(s.bounds[0] for s in shapes)
    miny = min(s.bounds[1] for s in shapes)
    maxx = max(s.bounds[2] for s in shapes)
    maxy = max(s.bounds[3] for s in shapes)
    squash = math.cos(math.radians((miny + maxy) / 2))
    span_x = max((maxx - minx) * squash, 1e-9)
    span_y = max(maxy - miny, 1e-9)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(PAD + (lon - minx) * squash * scale, 1),
            round(HEIGHT - PAD - (lat - miny) * scale, 1),
        )

    paths = []
    for geometry in shapes:
        polygons = getattr(geometry, "geoms", [geometry])
        parts = []
        for polygon in polygons:
            for ring in [polygon.exterior, *polygon.interiors]:
                points = [project(x, y) for x, y in ring.coords]
                parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        paths.append(" ".join(parts))
    markers = []
    for location in locations:
        if location.latitude is not None and location.longitude is not None:
            x, y = project(location.longitude, location.latitude)
        elif location.area_id in wards:
            point = wards[location.area_id].representative_point()
            x, y = project(point.x, point.y)
        else:
            continue
        markers.append(Marker(x, y, location.name))
    return SvgMap(paths, markers)
