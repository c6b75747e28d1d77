"""The planner as a pure function: examples, then properties checked by hypothesis."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bridges.pathways.planner import Graph, Group, plan


def graph(spec: dict[str, list], workarounds: dict[tuple[str, int], tuple[int, ...]] = None):
    """spec: item -> list of groups, each a list of alternative slugs."""
    workarounds = workarounds or {}
    groups = []
    key = 0
    for item, item_groups in spec.items():
        for position, alternatives in enumerate(item_groups):
            key += 1
            groups.append(
                Group(
                    key=key,
                    item=item,
                    alternatives=tuple(alternatives),
                    workarounds=workarounds.get((item, position), ()),
                )
            )
    return Graph.build(spec.keys(), groups)


CITY = {
    "passport": [],
    "address-proof": [["tenancy", "council-tax-bill", "support-letter"]],
    "support-letter": [],
    "bank-account": [["address-proof"], ["passport"]],
    "tenancy": [["bank-account"], ["passport"]],
    "council-tax-bill": [["tenancy"]],
    "universal-credit": [["bank-account"], ["passport"]],
}


def test_an_ordered_plan_uses_the_alternative_that_can_be_had():
    result = plan(graph(CITY), have={"passport"}, want={"universal-credit"})
    assert [s.item for s in result.steps] == [
        "support-letter",
        "address-proof",
        "bank-account",
        "universal-credit",
    ]
    assert result.complete and not result.cycles


def test_a_cycle_without_a_way_out_is_reported_in_order():
    city = dict(CITY, **{"address-proof": [["tenancy", "council-tax-bill"]]})
    result = plan(graph(city), have={"passport"}, want={"universal-credit"})
    assert not result.steps
    (unreachable,) = result.unreachable
    assert unreachable.goal == "universal-credit"
    (cycle,) = unreachable.cycles
    assert cycle.items == ("address-proof", "tenancy", "bank-account")
    assert cycle.workarounds == ()
    assert result.cycles == unreachable.cycles


def test_a_verified_workaround_gets_round_the_cycle():
    city = dict(CITY, **{"address-proof": [["tenancy", "council-tax-bill"]]})
    # The bank account's need for proof of address (its first group) has a way round: 7.
    result = plan(
        graph(city, {("bank-account", 0): (7,)}), have={"passport"}, want={"universal-credit"}
    )
    assert result.complete
    assert [s.item for s in result.steps] == ["bank-account", "universal-credit"]
    assert result.workarounds_used == (7,)
    (cycle,) = result.cycles
    assert cycle.workarounds == (7,)


def test_a_requirement_nothing_meets_is_explained():
    result = plan(graph({"a": [[]], "b": [["a"]]}), want={"b"})
    (unreachable,) = result.unreachable
    assert [(b.item, b.reason) for b in unreachable.blockers] == [
        ("b", "blocked"),
        ("a", "no_alternative"),
    ]
    assert unreachable.cycles == ()


def test_what_is_had_is_not_planned():
    result = plan(graph(CITY), have={"passport", "bank-account"}, want={"bank-account"})
    assert result.steps == () and result.already == ("bank-account",)


# Properties ----------------------------------------------------------------------------------

SLUGS = [f"i{n:02d}" for n in range(14)]


@st.composite
def graphs(draw):
    items = draw(st.lists(st.sampled_from(SLUGS), min_size=1, max_size=12, unique=True))
    spec = {}
    workarounds = {}
    next_id = 1
    for item in items:
        groups = draw(
            st.lists(
                st.lists(st.sampled_from(items), min_size=0, max_size=3, unique=True),
                max_size=3,
            )
        )
        spec[item] = groups
        for position in range(len(groups)):
            if draw(st.booleans()) and draw(st.booleans()):
                workarounds[(item, position)] = (next_id,)
                next_id += 1
    have = draw(st.sets(st.sampled_from(items), max_size=3))
    want = draw(st.sets(st.sampled_from(items), min_size=1, max_size=3))
    return spec, workarounds, have, want


def _check_respects_requirements(g: Graph, result):
    done = set(result.have)
    for step in result.steps:
        groups = g.groups_of[step.item]
        assert len(step.choices) == len(groups)
        for choice in step.choices:
            if choice.workaround is not None:
                assert choice.workaround in choice.group.workarounds
            else:
                assert choice.via in choice.group.alternatives
                assert choice.via in done, f"{step.item} uses {choice.via} before it is had"
        done.add(step.item)
    for goal in result.want:
        assert goal in done or any(u.goal == goal for u in result.unreachable)


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_every_plan_respects_every_requirement(case):
    spec, workarounds, have, want = case
    g = graph(spec, workarounds)
    _check_respects_requirements(g, plan(g, have=have, want=want))


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_a_goal_that_cannot_be_reached_is_explained_and_its_cycle_reported(case):
    spec, workarounds, have, want = case
    g = graph(spec, workarounds)
    result = plan(g, have=have, want=want)
    planned = {s.item for s in result.steps} | set(have)
    for unreachable in result.unreachable:
        assert unreachable.goal not in planned
        assert unreachable.blockers, "an unreachable goal says which requirement is not met"
        dead_ends = [b for b in unreachable.blockers if b.reason == "no_alternative"]
        # With no requirement that nothing meets, only a cycle can stand in the way.
        if not dead_ends:
            assert unreachable.cycles
        for cycle in unreachable.cycles:
            assert cycle.workarounds == ()  # no way out
    for cycle in result.cycles:
        n = len(cycle.items)
        assert len(set(cycle.items)) == n
        for position, item in enumerate(cycle.items):
            after = cycle.items[(position + 1) % n]
            group = cycle.groups[position]
            assert group.item == item and after in group.alternatives


@settings(max_examples=200, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_the_plan_does_not_depend_on_the_order_of_entry(case, rnd: random.Random):
    spec, workarounds, have, want = case

    def shape(result):
        return (
            [
                (s.item, s.level, sorted(str((c.via, c.workaround)) for c in s.choices))
                for s in result.steps
            ],
            [
                (
                    u.goal,
                    [(b.item, b.reason, b.group.alternatives) for b in u.blockers],
                    [c.items for c in u.cycles],
                )
                for u in result.unreachable
            ],
            [(c.items, c.workarounds) for c in result.cycles],
            result.workarounds_used,
        )

    first = plan(graph(spec, workarounds), have=have, want=want)
    items = list(spec.items())
    rnd.shuffle(items)
    shuffled = {}
    moved = {}
    for item, groups in items:
        order = list(range(len(groups)))
        rnd.shuffle(order)
        shuffled[item] = [rnd.sample(groups[i], len(groups[i])) for i in order]
        for new, old in enumerate(order):
            if (item, old) in workarounds:
                moved[(item, new)] = workarounds[(item, old)]
    second = plan(graph(shuffled, moved), have=have, want=want)
    assert shape(first) == shape(second)
