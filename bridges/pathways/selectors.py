"""Reads for pathways, scoped to one programme.

The planner's graph is built from three queries and kept in the shared cache per programme
(`graph`); every write in `services.py` forgets it after its transaction commits.
"""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q

from bridges.directory.models import Service

from . import planner
from .models import Item, Requirement, Workaround

GRAPH_SECONDS = 60 * 60

# The graph this process last loaded for each programme, with the version it was loaded as:
# a request asks the shared cache only for the version (a few bytes), and unpickles the graph
# only when an edit anywhere has changed it.
_local: dict[int, tuple[str, planner.Graph]] = {}


def _version_key(programme_id: int) -> str:
    return f"pathways:graph-version:v2:{programme_id}"


def _graph_key(programme_id: int, version: str) -> str:
    return f"pathways:graph:v2:{programme_id}:{version}"


def load_graph(programme) -> planner.Graph:
    """The programme's graph from the database: three queries, whatever its size."""
    slugs = dict(Item.objects.for_programme(programme).values_list("pk", "slug"))
    links = Requirement.alternatives.through.objects.filter(
        requirement__item__programme=programme
    ).values_list("requirement_id", "item_id")
    alternatives: dict[int, list[str]] = {}
    for requirement_id, item_id in links:
        if item_id in slugs:
            alternatives.setdefault(requirement_id, []).append(slugs[item_id])
    ways: dict[int, list[int]] = {}
    for pk, requirement_id in (
        Workaround.objects.for_programme(programme).verified().values_list("pk", "requirement_id")
    ):
        ways.setdefault(requirement_id, []).append(pk)
    groups = [
        planner.Group(
            key=pk,
            item=slugs[item_id],
            label=label,
            alternatives=tuple(alternatives.get(pk, ())),
            workarounds=tuple(ways.get(pk, ())),
        )
        for pk, item_id, label in Requirement.objects.for_programme(programme).values_list(
            "pk", "item_id", "label"
        )
    ]
    return planner.Graph.build(slugs.values(), groups)


def graph(programme) -> planner.Graph:
    """The programme's graph: from this process's memory while its version is current, else
    from the shared cache, else built from the database (and shared)."""
    version = cache.get(_version_key(programme.pk))
    if version is not None:
        local = _local.get(programme.pk)
        if local is not None and local[0] == version:
            return local[1]
        found = cache.get(_graph_key(programme.pk, version))
        if found is not None:
            _local[programme.pk] = (version, found)
            return found
    found = load_graph(programme)
    version = uuid.uuid4().hex
    cache.set(_graph_key(programme.pk, version), found, GRAPH_SECONDS)
    cache.set(_version_key(programme.pk), version, GRAPH_SECONDS)
    _local[programme.pk] = (version, found)
    return found


def forget_graph(programme_id: int) -> None:
    """After an edit: every process loads the graph again on its next plan."""
    cache.delete(_version_key(programme_id))
    _local.pop(programme_id, None)


def items(programme):
    return Item.objects.for_programme(programme).order_by("name", "pk")


def item_list(programme, *, query: str = "", kind: str = ""):
    found = items(programme).annotate(
        requirement_count=Count("requirements", distinct=True),
    )
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(slug__icontains=query) | Q(description__icontains=query)
        )
    if kind:
        found = found.filter(kind=kind)
    return found


def published_services(programme):
    return Service.objects.for_programme(programme).published().order_by("name", "pk")


def requirements_with_details(programme, *, item_ids=None, requirement_ids=None):
    """Requirements with their alternatives, published services and verified workarounds:
    four queries, whatever the number."""
    found = Requirement.objects.for_programme(programme).select_related("item")
    if item_ids is not None:
        found = found.filter(item_id__in=item_ids)
    if requirement_ids is not None:
        found = found.filter(pk__in=requirement_ids)
    return found.prefetch_related(
        Prefetch("alternatives", queryset=Item.objects.order_by("name", "pk")),
        Prefetch("services", queryset=published_services(programme), to_attr="published_services"),
        Prefetch(
            "workarounds",
            queryset=Workaround.objects.verified().order_by("pk"),
            to_attr="verified_workarounds",
        ),
    ).order_by("item__name", "position", "pk")


def workarounds_of(programme, *, requirement, user=None, can_decide=False):
    """The workarounds of one requirement a visitor may see: verified ones, and the ones the
    visitor proposed (or every one, for a coordinator)."""
    found = Workaround.objects.for_programme(programme).filter(requirement=requirement)
    if not can_decide:
        mine = Q(created_by=user) if user is not None else Q(pk__in=[])
        found = found.filter(Q(status=Workaround.Status.VERIFIED) | mine)
    return found.order_by("pk")


def workaround_queue(programme, *, status: str = Workaround.Status.PROPOSED):
    return (
        Workaround.objects.for_programme(programme)
        .filter(status=status)
        .select_related("requirement__item", "created_by", "decided_by")
        .order_by("created_at", "pk")
    )


def waiting_workaround_count(programme) -> int:
    return (
        Workaround.objects.for_programme(programme)
        .filter(status=Workaround.Status.PROPOSED)
        .count()
    )


@dataclass(frozen=True)
class PlanView:
    """A plan with the records to show it: items by slug, requirements and workarounds by id."""

    result: planner.Plan
    items: dict[str, Item]
    requirements: dict[int, Requirement]
    workarounds: dict[int, Workaround]


def plan_view(programme, result: planner.Plan, items_by_slug: dict[str, Item]) -> PlanView:
    """The requirements and workarounds a plan names, in a fixed number of queries."""
    requirement_ids = {c.group.key for step in result.steps for c in step.choices}
    for unreachable in result.unreachable:
        requirement_ids |= {b.group.key for b in unreachable.blockers}
    for cycle in result.cycles:
        requirement_ids |= {g.key for g in cycle.groups}
    requirements = {
        r.pk: r for r in requirements_with_details(programme, requirement_ids=requirement_ids)
    }
    workarounds = {w.pk: w for r in requirements.values() for w in r.verified_workarounds}
    return PlanView(result, items_by_slug, requirements, workarounds)
