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


class Graph:
    """The graph, with a compiled form the planner walks: items numbered in slug order (so a
    tie between numbers is a tie broken by slug), groups numbered, links as tuples of numbers.
    Pickled as its plain data and compiled again when loaded."""

    def __init__(self, items: Iterable[str], groups: Iterable[Group]):
        names = sorted(set(items))
        number = {slug: n for n, slug in enumerate(names)}
        cleaned = []
        for group in groups:
            if group.item not in number:
                continue
            cleaned.append(
                Group(
                    key=group.key,
                    item=group.item,
                    label=group.label,
                    alternatives=tuple(sorted({a for a in group.alternatives if a in number})),
                    workarounds=tuple(sorted(set(group.workarounds))),
                )
            )
        cleaned.sort(key=_group_order)
        self.names: list[str] = names
        self.number: dict[str, int] = number
        self.groups: list[Group] = cleaned
        self.items = frozenset(names)
        self.group_item = [number[g.item] for g in cleaned]
        self.group_alternatives = [tuple(number[a] for a in g.alternatives) for g in cleaned]
        item_groups: list[list[int]] = [[] for _ in names]
        used_in: list[list[int]] = [[] for _ in names]
        for index, group in enumerate(cleaned):
            item_groups[number[group.item]].append(index)
            for alternative in self.group_alternatives[index]:
                used_in[alternative].append(index)
        self.item_groups = [tuple(found) for found in item_groups]
        self.used_in = [tuple(found) for found in used_in]
        self.group_count = [len(found) for found in item_groups]

    @classmethod
    def build(cls, items: Iterable[str], groups: Iterable[Group]) -> Graph:
        return cls(items, groups)

    def __reduce__(self):
        return (Graph, (self.names, self.groups))

    def __eq__(self, other) -> bool:
        return isinstance(other, Graph) and (self.names, self.groups) == (
            other.names,
            other.groups,
        )

    __hash__ = None

    @property
    def groups_of(self) -> dict[str, tuple[Group, ...]]:
        """item -> its requirement groups (for reading and tests, not for the planner)."""
        return {
            slug: tuple(self.groups[g] for g in self.item_groups[n])
            for n, slug in enumerate(self.names)
        }


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


def _reach(graph: Graph, have: set[int], broken: dict[int, int], goals: set[int]):
    """The level of every obtainable item (-1: none) and how each group was met.

    Knuth's generalisation of Dijkstra to AND/OR graphs: an item's level is one more than the
    latest of its groups, a group's the earliest of its alternatives. Items leave the heap in
    (level, number) order, so the first alternative to meet a group is the earliest, and ties
    go to the smallest slug. `via[g]` is the item meeting group g, -2 for a workaround (in
    `broken`), -1 if unmet. It stops once every goal has its level: nothing later is used.
    """
    n = len(graph.names)
    level = [-1] * n
    via = [-1] * len(graph.groups)
    waiting = graph.group_count[:]
    group_item = graph.group_item
    used_in = graph.used_in
    for g in broken:
        via[g] = -2
        waiting[group_item[g]] -= 1
    heap = [i for i in have]
    heap += [n + i for i in range(n) if not waiting[i] and i not in have]
    heapq.heapify(heap)
    left = len(goals)
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        at, i = divmod(pop(heap), n)
        if level[i] >= 0:
            continue
        level[i] = at
        if i in goals:
            left -= 1
            if not left:
                break
        for g in used_in[i]:
            if via[g] != -1:
                continue
            item = group_item[g]
            if level[item] >= 0 or item in have:
                continue
            via[g] = i
            waiting[item] -= 1
            if not waiting[item]:
                push(heap, (at + 1) * n + item)
    return level, via


def _closure(graph: Graph, goals: Iterable[int], level: list[int]) -> list[int]:
    """Items standing between the goals and the person, each once, in a stable order:
    for an unobtainable item, the unobtainable alternatives of its unmet groups."""
    seen: set[int] = set()
    order: list[int] = []
    queue = deque(sorted(goals))
    while queue:
        i = queue.popleft()
        if i in seen or level[i] >= 0:
            continue
        seen.add(i)
        order.append(i)
        for g in graph.item_groups[i]:
            alternatives = graph.group_alternatives[g]
            if any(level[a] >= 0 for a in alternatives):
                continue
            queue.extend(alternatives)
    return order


def _unmet(graph: Graph, i: int, via: list[int]) -> list[int]:
    return [g for g in graph.item_groups[i] if via[g] == -1]


def _cycles(graph: Graph, blocked: list[int], via: list[int]) -> list[Cycle]:
    """Strongly connected parts of the unobtainable items (an edge runs from an item to each
    alternative of one of its unmet groups), one cycle in order for each."""
    inside = set(blocked)
    edges: dict[int, list[tuple[int, int]]] = {}
    for i in sorted(inside):
        out = [
            (a, g)
            for g in _unmet(graph, i, via)
            for a in graph.group_alternatives[g]
            if a in inside
        ]
        edges[i] = sorted(out)
    # Tarjan's algorithm, iteratively (graphs may be deep).
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    parts: list[list[int]] = []
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
        start = min(part)
        if len(part) == 1 and not any(t == start for t, _ in edges[start]):
            continue
        cycles.append(_cycle_through(graph, start, set(part), edges))
    return sorted(cycles, key=lambda c: c.items)


def _cycle_through(graph: Graph, start: int, members: set[int], edges) -> Cycle:
    """The shortest cycle through `start` inside one strongly connected part (breadth first,
    neighbours in slug order, so it is always the same one)."""
    previous: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    end: tuple[int, int] | None = None
    while queue and end is None:
        node = queue.popleft()
        for target, g in edges[node]:
            if target not in members:
                continue
            if target == start:
                end = (node, g)
                break
            if target not in seen:
                seen.add(target)
                previous[target] = (node, g)
                queue.append(target)
    assert end is not None  # a strongly connected part always has one
    path: list[tuple[int, int]] = [end]
    node = end[0]
    while node != start:
        node, g = previous[node]
        path.append((node, g))
    path.reverse()
    groups = tuple(graph.groups[g] for _, g in path)
    ways = sorted({w for group in groups for w in group.workarounds})
    return Cycle(
        items=tuple(graph.names[node] for node, _ in path),
        groups=groups,
        workarounds=tuple(ways),
    )


def plan(graph: Graph, *, have: Iterable[str] = (), want: Iterable[str] = ()) -> Plan:
    number = graph.number
    names = graph.names
    had = {number[slug] for slug in have if slug in number}
    goals = sorted({number[slug] for slug in want if slug in number})
    # First without any workaround: the ordinary way wherever there is one.
    level, via = _reach(graph, had, {}, set(goals))
    blocked = _closure(graph, goals, level)
    cycles = _cycles(graph, blocked, via) if blocked else []
    # Then break, with a verified workaround, each requirement that cannot otherwise be met.
    broken = {}
    for i in blocked:
        for g in _unmet(graph, i, via):
            if graph.groups[g].workarounds:
                broken[g] = graph.groups[g].workarounds[0]
    if broken:
        level, via = _reach(graph, had, broken, set(goals))
    needed: set[int] = set()
    queue = deque(g for g in goals if level[g] >= 0)
    while queue:
        i = queue.popleft()
        if i in needed or i in had:
            continue
        needed.add(i)
        for g in graph.item_groups[i]:
            if via[g] >= 0:
                queue.append(via[g])

    def choice(g: int) -> Choice:
        if via[g] == -2:
            return Choice(graph.groups[g], workaround=broken[g])
        return Choice(graph.groups[g], via=names[via[g]])

    steps = tuple(
        Step(
            item=names[i],
            level=level[i],
            choices=tuple(choice(g) for g in graph.item_groups[i]),
        )
        for i in sorted(needed, key=lambda i: (level[i], i))
    )
    used = sorted({c.workaround for s in steps for c in s.choices if c.workaround is not None})
    unreachable = []
    missed = [g for g in goals if level[g] < 0]
    if missed:
        final_cycles = _cycles(graph, _closure(graph, missed, level), via)
        for goal in missed:
            mine = _closure(graph, [goal], level)
            inside = {names[i] for i in mine}
            blockers = tuple(
                Blocker(
                    item=names[i],
                    group=graph.groups[g],
                    reason="blocked" if graph.group_alternatives[g] else "no_alternative",
                )
                for i in mine
                for g in _unmet(graph, i, via)
            )
            unreachable.append(
                Unreachable(
                    goal=names[goal],
                    blockers=blockers,
                    cycles=tuple(c for c in final_cycles if c.items[0] in inside),
                )
            )
    return Plan(
        have=frozenset(names[i] for i in had),
        want=tuple(names[g] for g in goals),
        steps=steps,
        already=tuple(names[g] for g in goals if g in had),
        unreachable=tuple(unreachable),
        cycles=tuple(cycles),
        workarounds_used=tuple(used),
    )
