"""The planner: a pure function over an in-memory graph of things a person can get.

Semantics (docs/pathways.md): an item needs **every one** of its requirement groups (AND); a
group is met by **any one** of its alternative items (OR), or, when none of them can be had, by
one of its verified workarounds. An item with no groups can be had straight away.

`plan(graph, have=..., want=...)` returns an ordered plan: each step's requirements are met by
what the person has, by an earlier step, or by a verified workaround. Goals that cannot be
reached are explained (which requirement, and why), and every cycle of requirements standing in
the way is found and given in order, with the known ways round it, or none.

Nothing here touches the database: the graph is built once per programme (`selectors.graph`)
and the function is tested with hypothesis. Ties are broken by the items' slugs, never by the
order they were entered, so the same graph gives the same plan however it was typed in.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Group:
    """One requirement of `item`: met by any one of `alternatives` (slugs)."""

    key: int
    item: str
    label: str = ""
    alternatives: tuple[str, ...] = ()
    workarounds: tuple[int, ...] = ()  # ids of verified workarounds, in id order


@dataclass(frozen=True)
class Graph:
    items: frozenset[str]
    groups_of: dict[str, tuple[Group, ...]]  # item -> its requirement groups
    used_in: dict[str, tuple[Group, ...]]  # item -> the groups it is an alternative in

    @classmethod
    def build(cls, items: Iterable[str], groups: Iterable[Group]) -> Graph:
        known = frozenset(items)
        groups_of: dict[str, list[Group]] = {slug: [] for slug in known}
        used_in: dict[str, list[Group]] = {slug: [] for slug in known}
        for group in groups:
            if group.item not in known:
                continue
            alternatives = tuple(sorted({a for a in group.alternatives if a in known}))
            group = Group(
                key=group.key,
                item=group.item,
                label=group.label,
                alternatives=alternatives,
                workarounds=tuple(sorted(set(group.workarounds))),
            )
            groups_of[group.item].append(group)
            for alternative in alternatives:
                used_in[alternative].append(group)
        order = _group_order
        return cls(
            items=known,
            groups_of={slug: tuple(sorted(found, key=order)) for slug, found in groups_of.items()},
            used_in={slug: tuple(sorted(found, key=order)) for slug, found in used_in.items()},
        )


def _group_order(group: Group) -> tuple:
    # What a group *is* (its item and its alternatives), so entry order never matters.
    return (group.item, group.alternatives, group.label, group.workarounds)


@dataclass(frozen=True)
class Choice:
    group: Group
    via: str | None = None  # the alternative used (had already, or an earlier step)
    workaround: int | None = None  # or the verified workaround used instead


@dataclass(frozen=True)
class Step:
    item: str
    level: int  # 1: needs only what is had; steps of one level may be done together
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Cycle:
    items: tuple[str, ...]  # in order: each needs the next, and the last needs the first
    groups: tuple[Group, ...]  # groups[i] is the requirement of items[i] met only by items[i+1]
    workarounds: tuple[int, ...]  # verified ways round it (possibly none)


@dataclass(frozen=True)
class Blocker:
    item: str
    group: Group
    reason: str  # "no_alternative" (nothing is known to meet it) or "blocked" (see cycles)


@dataclass(frozen=True)
class Unreachable:
    goal: str
    blockers: tuple[Blocker, ...]  # the requirements that cannot be met, nearest the goal first
    cycles: tuple[Cycle, ...]  # cycles with no way out standing in the way


@dataclass(frozen=True)
class Plan:
    have: frozenset[str]
    want: tuple[str, ...]
    steps: tuple[Step, ...]
    already: tuple[str, ...]  # goals the person already has
    unreachable: tuple[Unreachable, ...]
    cycles: tuple[Cycle, ...]  # every cycle met on the way to a goal, got round or not
    workarounds_used: tuple[int, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.unreachable


def _reach(graph: Graph, have: frozenset[str], broken: dict[int, int]):
    """Levels of every obtainable item, and how each group was met.

    Knuth's generalisation of Dijkstra to AND/OR graphs: an item's level is one more than the
    latest of its groups, a group's the earliest of its alternatives. Items leave the heap in
    (level, slug) order, so the first alternative to meet a group is the earliest, and ties go
    to the smallest slug. `broken` maps a group key to the workaround that meets it.
    """
    level: dict[str, int] = {}
    met: dict[int, Choice] = {}
    waiting: dict[str, int] = {}
    heap: list[tuple[int, str]] = []
    for slug in graph.items:
        if slug in have:
            heap.append((0, slug))
            continue
        groups = graph.groups_of[slug]
        open_groups = 0
        for group in groups:
            if group.key in broken:
                met[group.key] = Choice(group, workaround=broken[group.key])
            else:
                open_groups += 1
        waiting[slug] = open_groups
        if open_groups == 0:
            heap.append((1, slug))
    heapq.heapify(heap)
    while heap:
        at, slug = heapq.heappop(heap)
        if slug in level:
            continue
        level[slug] = at
        for group in graph.used_in[slug]:
            if group.key in met or group.item in level or group.item in have:
                continue
            met[group.key] = Choice(group, via=slug)
            waiting[group.item] -= 1
            if waiting[group.item] == 0:
                heapq.heappush(heap, (at + 1, group.item))
    return level, met


def _closure(graph: Graph, goals: Iterable[str], level: dict[str, int]) -> list[str]:
    """Items standing between the goals and the person, each once, in a stable order:
    for an unobtainable item, the unobtainable alternatives of its unmet groups."""
    seen: set[str] = set()
    order: list[str] = []
    queue = deque(sorted(goals))
    while queue:
        slug = queue.popleft()
        if slug in seen or slug in level:
            continue
        seen.add(slug)
        order.append(slug)
        for group in graph.groups_of[slug]:
            if any(a in level for a in group.alternatives):
                continue
            queue.extend(group.alternatives)
    return order


def _unmet(graph: Graph, slug: str, level: dict[str, int], met: dict[int, Choice]):
    return [g for g in graph.groups_of[slug] if g.key not in met]


def _cycles(graph: Graph, blocked: list[str], level, met) -> list[Cycle]:
    """Strongly connected parts of the unobtainable items (an edge runs from an item to each
    alternative of one of its unmet groups), one cycle in order for each."""
    inside = set(blocked)
    edges: dict[str, list[tuple[str, Group]]] = {}
    for slug in sorted(inside):
        out = []
        for group in _unmet(graph, slug, level, met):
            for alternative in group.alternatives:
                if alternative in inside:
                    out.append((alternative, group))
        edges[slug] = sorted(out, key=lambda e: (e[0], _group_order(e[1])))
    # Tarjan's algorithm, iteratively (graphs may be deep).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    parts: list[list[str]] = []
    counter = 0
    for root in sorted(inside):
        if root in index:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            out = edges[node]
            if position < len(out):
                work[-1] = (node, position + 1)
                target = out[position][0]
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                parts.append(part)
    cycles = []
    for part in parts:
        members = set(part)
        start = min(part)
        if len(part) == 1 and not any(t == start for t, _ in edges[start]):
            continue
        cycles.append(_cycle_through(start, members, edges))
    return sorted(cycles, key=lambda c: c.items)


def _cycle_through(start: str, members: set[str], edges) -> Cycle:
    """The shortest cycle through `start` inside one strongly connected part (breadth first,
    neighbours by slug, so it is always the same one)."""
    previous: dict[str, tuple[str, Group]] = {}
    queue = deque([start])
    seen = {start}
    end: tuple[str, Group] | None = None
    while queue and end is None:
        node = queue.popleft()
        for target, group in edges[node]:
            if target not in members:
                continue
            if target == start:
                end = (node, group)
                break
            if target not in seen:
                seen.add(target)
                previous[target] = (node, group)
                queue.append(target)
    assert end is not None  # a strongly connected part always has one
    path: list[tuple[str, Group]] = [end]
    node = end[0]
    while node != start:
        node, group = previous[node]
        path.append((node, group))
    path.reverse()
    items = tuple(node for node, _ in path)
    groups = tuple(group for _, group in path)
    ways = sorted({w for group in groups for w in group.workarounds})
    return Cycle(items=items, groups=groups, workarounds=tuple(ways))


def plan(graph: Graph, *, have: Iterable[str] = (), want: Iterable[str] = ()) -> Plan:
    have = frozenset(slug for slug in have if slug in graph.items)
    goals = tuple(sorted({slug for slug in want if slug in graph.items}))
    # First without any workaround: the ordinary way wherever there is one.
    level, met = _reach(graph, have, {})
    blocked = _closure(graph, goals, level)
    cycles = _cycles(graph, blocked, level, met)
    # Then break, with a verified workaround, each requirement that cannot otherwise be met.
    broken = {}
    for slug in blocked:
        for group in _unmet(graph, slug, level, met):
            if group.workarounds:
                broken[group.key] = group.workarounds[0]
    if broken:
        level, met = _reach(graph, have, broken)
    needed: set[str] = set()
    queue = deque(g for g in goals if g in level)
    while queue:
        slug = queue.popleft()
        if slug in needed or slug in have:
            continue
        needed.add(slug)
        for group in graph.groups_of[slug]:
            choice = met[group.key]
            if choice.via is not None:
                queue.append(choice.via)
    steps = tuple(
        Step(
            item=slug,
            level=level[slug],
            choices=tuple(met[group.key] for group in graph.groups_of[slug]),
        )
        for slug in sorted(needed, key=lambda s: (level[s], s))
    )
    used = sorted({c.workaround for s in steps for c in s.choices if c.workaround is not None})
    unreachable = []
    still_blocked = _closure(graph, [g for g in goals if g not in level], level)
    if still_blocked:
        final_cycles = _cycles(graph, still_blocked, level, met)
        for goal in goals:
            if goal in level:
                continue
            mine = set(_closure(graph, [goal], level))
            blockers = tuple(
                Blocker(
                    item=slug,
                    group=group,
                    reason="blocked" if group.alternatives else "no_alternative",
                )
                for slug in _closure(graph, [goal], level)
                for group in _unmet(graph, slug, level, met)
            )
            unreachable.append(
                Unreachable(
                    goal=goal,
                    blockers=blockers,
                    cycles=tuple(c for c in final_cycles if c.items[0] in mine),
                )
            )
    return Plan(
        have=have,
        want=goals,
        steps=steps,
        already=tuple(g for g in goals if g in have),
        unreachable=tuple(unreachable),
        cycles=tuple(cycles),
        workarounds_used=tuple(used),
    )
