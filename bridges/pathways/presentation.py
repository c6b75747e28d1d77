"""A plan made ready for its page: every slug and id turned into the records and texts the
reader sees, in their language. No queries beyond those of `selectors.plan_view`."""

from dataclasses import dataclass, field

from .selectors import PlanView
from .texts import ItemText


@dataclass(frozen=True)
class GuideLink:
    slug: str
    title: str  # in the reader's language where translated
    url: str


@dataclass
class Need:
    label: str
    note: str
    had: ItemText | None = None  # met by something the person has
    step: int | None = None  # or by an earlier step (its number)
    via: ItemText | None = None
    workaround: str = ""  # or a verified way round
    services: list = field(default_factory=list)
    guides: list = field(default_factory=list)
    alternatives: list[ItemText] = field(default_factory=list)


@dataclass
class StepView:
    number: int
    text: ItemText
    item: object
    needs: list[Need]


@dataclass
class CycleView:
    texts: list[ItemText]
    labels: list[str]
    workarounds: list[str]


@dataclass
class BlockerView:
    text: ItemText
    label: str
    nothing_meets_it: bool
    alternatives: list[ItemText]


@dataclass
class UnreachableView:
    goal: ItemText
    blockers: list[BlockerView]
    cycles: list[CycleView]


@dataclass
class PlanPage:
    steps: list[StepView]
    already: list[ItemText]
    cycles: list[CycleView]
    unreachable: list[UnreachableView]

    @property
    def complete(self) -> bool:
        return not self.unreachable


def _cycle(view: PlanView, texts, cycle) -> CycleView:
    return CycleView(
        texts=[texts[slug] for slug in cycle.items],
        labels=[view.requirements[g.key].label for g in cycle.groups if g.key in view.requirements],
        workarounds=[view.workarounds[w].text for w in cycle.workarounds if w in view.workarounds],
    )


def plan_page(view: PlanView, texts: dict[str, ItemText], guides=None) -> PlanPage:
    guides = guides or {}
    result = view.result
    numbers = {step.item: position for position, step in enumerate(result.steps, start=1)}
    steps = []
    for step in result.steps:
        needs = []
        in_order = sorted(
            step.choices,
            key=lambda c: (view.requirements[c.group.key].position, c.group.key),
        )
        for choice in in_order:
            requirement = view.requirements[choice.group.key]
            need = Need(
                label=requirement.label,
                note=requirement.note,
                services=list(requirement.published_services),
                guides=[guides[s] for s in requirement.guide_slug_list if s in guides],
                alternatives=[texts[a] for a in choice.group.alternatives],
            )
            if choice.workaround is not None:
                need.workaround = view.workarounds[choice.workaround].text
            elif choice.via in numbers:
                need.step = numbers[choice.via]
                need.via = texts[choice.via]
            else:
                need.had = texts[choice.via]
            needs.append(need)
        steps.append(
            StepView(
                number=numbers[step.item],
                text=texts[step.item],
                item=view.items[step.item],
                needs=needs,
            )
        )
    unreachable = [
        UnreachableView(
            goal=texts[u.goal],
            blockers=[
                BlockerView(
                    text=texts[b.item],
                    label=view.requirements[b.group.key].label,
                    nothing_meets_it=b.reason == "no_alternative",
                    alternatives=[texts[a] for a in b.group.alternatives],
                )
                for b in u.blockers
            ],
            cycles=[_cycle(view, texts, c) for c in u.cycles],
        )
        for u in result.unreachable
    ]
    return PlanPage(
        steps=steps,
        already=[texts[slug] for slug in result.already],
        cycles=[_cycle(view, texts, c) for c in result.cycles if c.workarounds],
        unreachable=unreachable,
    )
