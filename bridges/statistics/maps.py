"""Choropleth maps and small trend charts drawn on the server as SVG: no tile server, no script.

The boundaries are the areas' own (`Area.boundary`), already simplified as a coverage when the
reference data was loaded (neighbours keep sharing their edges). Here they are projected once
per layer into whole-number screen coordinates, with points closer than a pixel dropped, and
kept in this process until the reference data changes (`per_generation`), so a map page only
reads the figures.

Classes: five groups, either by quantiles (about as many areas in each) or by equal intervals
(the range cut into five equal steps). Colours are ColorBrewer's YlGnBu, a sequential scheme
that stays readable for the common kinds of colour blindness and in greyscale.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape as _escape

from shapely.geometry import shape

from bridges.core.models import Area
from bridges.core.pagecache import per_generation

WIDTH = 600
PAD = 4
# ColorBrewer YlGnBu, 5 classes (colour-blind safe, print friendly), light to dark.
COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
# Text on a swatch: dark on the three light ones, white on the two dark ones.
INK = ["#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff"]
CLASS_METHODS = ("quantile", "equal")


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str  # the SVG path


@dataclass(frozen=True)
class Layer:
    shapes: tuple[Shape, ...]
    width: int
    height: int


def _ring(coords, project) -> str:
    points: list[tuple[int, int]] = []
    for lon, lat in coords:
        point = project(lon, lat)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) < 3:
        return ""
    first, *rest = points
    # Relative moves after the first point: shorter than absolute ones.
    out = [f"M{first[0]} {first[1]}"]
    x, y = first
    steps = []
    for px, py in rest:
        steps.append(f"{px - x} {py - y}")
        x, y = px, py
    out.append("l" + " ".join(steps))
    return "".join(out) + "z"


@per_generation
def layer(kind: str, within: str) -> Layer | None:
    """The areas of `kind` inside the area coded `within`, projected to fit WIDTH."""
    areas = list(
        Area.objects.filter(kind=kind, parent_id=within, boundary__isnull=False)
        .order_by("name")
        .values_list("code", "name", "boundary")
    )
    if not areas:
        return None
    geometries = [(code, name, shape(boundary)) for code, name, boundary in areas]
    minx = min(g.bounds[0] for _c, _n, g in geometries)
    miny = min(g.bounds[1] for _c, _n, g in geometries)
    maxx = max(g.bounds[2] for _c, _n, g in geometries)
    maxy = max(g.bounds[3] for _c, _n, g in geometries)
    squash = math.cos(math.radians((miny + maxy) / 2))
    scale = (WIDTH - 2 * PAD) / max((maxx - minx) * squash, 1e-9)
    height = round((maxy - miny) * scale) + 2 * PAD

    def project(lon: float, lat: float) -> tuple[int, int]:
        return (round(PAD + (lon - minx) * squash * scale), round(PAD + (maxy - lat) * scale))

    shapes = []
    for code, name, geometry in geometries:
        parts = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            for ring in [polygon.exterior, *polygon.interiors]:
                parts.append(_ring(ring.coords, project))
        shapes.append(Shape(code, name, "".join(parts)))
    return Layer(tuple(shapes), WIDTH, height)


@dataclass(frozen=True)
class LegendClass:
    index: int
    colour: str
    ink: str
    low: Decimal
    high: Decimal
    count: int


def _breaks(values: list[Decimal], method: str) -> list[Decimal]:
    """The four upper limits of the lower classes; the fifth ends at the largest value."""
    ordered = sorted(values)
    low, high = ordered[0], ordered[-1]
    if method == "equal":
        step = (high - low) / len(COLOURS)
        return [low + step * i for i in range(1, len(COLOURS))]
    count = len(ordered)
    return [ordered[max(0, math.ceil(count * i / len(COLOURS)) - 1)] for i in range(1, 5)]


def classify(values: list[Decimal], method: str) -> tuple[list[Decimal], list[LegendClass]]:
    """Breaks and the legend: each class from its lowest to its highest value shown, with how
    many areas fall in it. Classes that would be empty (many equal values) are left out."""
    if not values:
        return [], []
    breaks = _breaks(values, method)
    members: list[list[Decimal]] = [[] for _ in COLOURS]
    for value in values:
        members[class_of(value, breaks)].append(value)
    legend = [
        LegendClass(i, COLOURS[i], INK[i], min(group), max(group), len(group))
        for i, group in enumerate(members)
        if group
    ]
    return breaks, legend


def class_of(value: Decimal, breaks: list[Decimal]) -> int:
    """The first class whose upper limit is at or above the value (the breaks ascend)."""
    return bisect_left(breaks, value)


@dataclass
class MapArea:
    code: str
    name: str
    d: str
    value: Decimal | None
    figure: str
    marker: str
    colour: str
    class_index: int | None


@dataclass
class Choropleth:
    width: int
    height: int
    areas: list[MapArea]
    legend: list[LegendClass]
    method: str
    missing: int = 0
    without_boundary: list = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"  # text: never localised


def area_links(chart: Choropleth, *, href: str, no_figure: str, withheld: str, figure) -> str:
    """The map's areas as SVG: each a link (`href` with "{code}" in it) holding a title
    ("Name: figure") and its path. Written here rather than by a template loop: at 7,300 areas
    the loop's per-tag cost is most of the page's time (bench/bench_map.py). Every text is
    escaped (the standard library's `html.escape`, as Django's `escape` does it, without its
    lazy-string wrapper on each of the 22,000 calls)."""
    before, _code, after = href.partition("{code}")
    start, end = f'<a href="{_escape(before)}', f'{_escape(after)}"><title>'
    no_figure, withheld = _escape(str(no_figure)), _escape(str(withheld))
    parts = []
    for area in chart.areas:
        if area.value is not None:
            text = _escape(figure(area.value))
        else:
            text = withheld if area.marker == "suppressed" else no_figure
        parts.append(
            f"{start}{_escape(area.code)}{end}{_escape(area.name)}: {text}</title>"
            f'<path d="{area.d}" fill="{area.colour or "url(#no-figure)"}"/></a>\n'
        )
    return "".join(parts)


def choropleth(base: Layer, values, method: str) -> Choropleth:
    """The layer's areas coloured by their figures (`values`: MapValue rows); an area with no
    figure, or a suppressed one, is drawn hatched and says so."""
    by_code = {row.code: row for row in values}
    numbers = [row.value for row in values if row.value is not None]
    breaks, legend = classify(numbers, method)
    areas = []
    missing = 0
    for item in base.shapes:
        row = by_code.get(item.code)
        value = row.value if row else None
        if value is None:
            missing += 1
            areas.append(
                MapArea(item.code, item.name, item.d, None, "", row.marker if row else "", "", None)
            )
            continue
        index = class_of(value, breaks)
        figure = format(value.normalize(), "f")
        areas.append(
            MapArea(item.code, item.name, item.d, value, figure, "", COLOURS[index], index)
        )
    drawn = {item.code for item in base.shapes}
    return Choropleth(
        width=base.width,
        height=base.height,
        areas=areas,
        legend=legend,
        method=method,
        missing=missing,
        without_boundary=[row for row in values if row.code not in drawn],
    )


def _n(number: float) -> str:
    """A coordinate for an SVG attribute: never localised ("12.5", not "12,5")."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    x: str
    y: str
    width: str
    height: str


@dataclass
class Trend:
    bars: list[Bar]
    view_box: str
    top: Decimal
    ticks: list[tuple[str, str, Decimal]]  # (line y, label y, value)
    first: str
    last: str
    width: str
    label_y: str


def trend(points: list[tuple[str, Decimal | None]], *, width=320, height=140) -> Trend | None:
    """A bar chart of a figure over periods (oldest first): one bar per period, a gap where
    there is no figure, and two gridlines at round numbers. Coordinates come as text, so the
    page's language never changes them."""
    known = [value for _label, value in points if value is not None]
    if len(points) < 2 or not known:
        return None
    top = _nice(max(known))
    bottom, inner_height = height, height - 14
    slot = width / len(points)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = 0.0 if value is None or top == 0 else float(value / top) * inner_height
        bars.append(
            Bar(
                label=label,
                value=value,
                x=_n(index * slot + slot * 0.15),
                y=_n(bottom - bar_height),
                width=_n(slot * 0.7),
                height=_n(bar_height),
            )
        )
    ticks = [
        (_n(bottom - inner_height * i / 2), _n(bottom - inner_height * i / 2 - 3), top * i / 2)
        for i in (1, 2)
    ]
    return Trend(
        bars,
        f"0 -2 {width} {height + 18}",
        top,
        ticks,
        points[0][0],
        points[-1][0],
        str(width),
        str(height + 14),
    )


def _nice(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × a power of ten at or above `value`."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal("0.1")
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= power * step:
            return power * step
    return power * 10
