"""Benchmark: the pathway planner on a graph of 2,000 items and 10,000 requirements.

The planner (`bridges/pathways/planner.py`) is a pure function over an in-memory graph, so
this needs no database or server. It generates a deterministic graph shaped like a real one
but larger: most requirements point to "earlier" items (things got before), a fixed share
point back (making circles), a few requirements have a verified workaround, and some have no
alternative at all. Then it times `plan(graph, have=..., want=...)` for ROUNDS random people
(3–15 things had, 1–4 wanted): p50 and p95 wall time, against a baseline measured in the same
run on the same graph and the same people: the naive fixpoint (sweep every item until nothing
changes, then walk back from the goals), which answers "what can be had" without ordering,
cycles or explanations. It also times the cache's cost per request: unpickling the graph.

    .venv/bin/python bench/bench_pathways.py [--items 2000] [--requirements 10000] [--rounds 500]
"""

import argparse
import json
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bridges.pathways.planner import Graph, Group, plan  # noqa: E402


def generate(items: int, requirements: int, rng: random.Random) -> Graph:
    """`requirements` alternative links over `items` items, in groups of 1–4 alternatives."""
    slugs = [f"item-{n:05d}" for n in range(items)]
    groups = []
    links = 0
    key = 0
    while links < requirements:
        position = rng.randrange(items)
        if position < items // 20:
            continue  # the first 5% are things people arrive with: they need nothing
        size = min(rng.choice((1, 1, 2, 2, 3, 4)), requirements - links)
        alternatives = set()
        for _ in range(size):
            if rng.random() < 0.08:  # a link back: circles
                alternatives.add(slugs[rng.randrange(position, items)])
            else:
                alternatives.add(slugs[rng.randrange(0, position)])
        key += 1
        workarounds = (key,) if rng.random() < 0.02 else ()
        if rng.random() < 0.002:
            alternatives = set()  # nothing known meets it
        groups.append(
            Group(key=key, item=slugs[position], alternatives=tuple(alternatives),
                  workarounds=workarounds)
        )  # fmt: skip
        links += max(size, 1)
    return Graph.build(slugs, groups)


def naive(graph: Graph, groups_of: dict, have, want) -> list[str]:
    """The baseline: sweep until nothing changes, then collect what the goals need."""
    got = set(have)
    changed = True
    while changed:
        changed = False
        for slug in graph.items:
            if slug in got:
                continue
            if all(any(a in got for a in g.alternatives) for g in groups_of[slug]):
                got.add(slug)
                changed = True
    needed, stack = set(), [w for w in want if w in got]
    while stack:
        slug = stack.pop()
        if slug in needed or slug in have:
            continue
        needed.add(slug)
        for group in groups_of[slug]:
            stack.append(next(a for a in sorted(group.alternatives) if a in got))
    return sorted(needed)


def timed(function, cases) -> list[float]:
    times = []
    for have, want in cases:
        start = time.perf_counter()
        function(have, want)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[int(len(ordered) * 0.95) - 1],
        "max": ordered[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--requirements", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    graph = generate(args.items, args.requirements, rng)
    slugs = sorted(graph.items)
    starters = slugs[: args.items // 20]
    cases = [
        (
            frozenset(rng.sample(starters, rng.randint(3, 15))),
            frozenset(rng.sample(slugs, rng.randint(1, 4))),
        )
        for _ in range(args.rounds)
    ]
    groups_of = graph.groups_of  # item -> its groups, built once, as the baseline reads it
    # Warm up both, then alternate so a busy neighbour slows both alike.
    for have, want in cases[:20]:
        plan(graph, have=have, want=want)
        naive(graph, groups_of, have, want)
    planner_times, naive_times = [], []
    for chunk in range(0, len(cases), 50):
        part = cases[chunk : chunk + 50]
        planner_times += timed(lambda h, w: plan(graph, have=h, want=w), part)
        naive_times += timed(lambda h, w: naive(graph, groups_of, h, w), part)
    blob = pickle.dumps(graph)
    unpickle_times = timed(lambda h, w: pickle.loads(blob), cases[:100])
    results = [plan(graph, have=h, want=w) for h, w in cases]
    reached = sum(1 for r in results if r.complete)
    with_cycles = sum(1 for r in results if r.cycles)
    links = sum(len(g.alternatives) for g in graph.groups)
    groups = len(graph.groups)
    rows = {
        "planner": summary(planner_times),
        "baseline (naive fixpoint)": summary(naive_times),
        "cache: unpickle the graph": summary(unpickle_times),
    }
    print(
        f"Graph: {len(graph.items):,} items, {groups:,} requirement groups, {links:,} "
        f"alternative links; {args.rounds} plans: {reached} complete, {with_cycles} met a "
        f"circle; cached graph {len(blob) / 1024:,.0f} KiB pickled.\n"
    )
    print("| what | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, row in rows.items():
        print(f"| {name} | {row['p50']:.2f} | {row['p95']:.2f} | {row['max']:.2f} |")
    ratio = rows["planner"]["p50"] / rows["baseline (naive fixpoint)"]["p50"]
    print(f"\nPlanner p50 / baseline p50: {ratio:.2f}")
    output = ROOT / "bench" / "output"
    output.mkdir(exist_ok=True)
    (output / "pathways.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
