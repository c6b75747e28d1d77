"""The public home page's list of programmes, each with its public pages.

Each app's `home.py` may have `PROGRAMME_LINKS`, a list of `ProgrammeLink`s: a page the public
can open for one programme (its services, how to volunteer). `offered(programmes)` answers, in
one query for all of them, which programmes have something there; a programme without it shows
`missing` instead (or nothing, if `missing` is empty). Accounts' home section lists the
programmes with `links_for`."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from .homepage import _home_modules


@dataclass(frozen=True)
class ProgrammeLink:
    label: str  # a lazy translation
    url: Callable[[object], str]  # the programme's page
    offered: Callable[[list], set[int]] | None = None  # ids offering it; None: every programme
    missing: str = ""  # a lazy translation, shown for a programme without it
    order: int = 50


@cache
def programme_links() -> tuple[ProgrammeLink, ...]:
    links = [link for module in _home_modules() for link in getattr(module, "PROGRAMME_LINKS", ())]
    return tuple(sorted(links, key=lambda link: link.order))


def links_for(programmes: Iterable) -> list[dict]:
    """Each programme with its public links and the notes on what it does not offer."""
    programmes = list(programmes)
    offered = {
        link: (link.offered(programmes) if link.offered else None) for link in programme_links()
    }
    rows = []
    for programme in programmes:
        links, missing = [], []
        for link, ids in offered.items():
            if ids is None or programme.pk in ids:
                links.append({"label": link.label, "url": link.url(programme)})
            elif link.missing:
                missing.append(link.missing)
        rows.append({"programme": programme, "links": links, "missing": missing})
    return rows
