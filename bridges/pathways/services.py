"""Writes for pathways. Every write forgets the programme's cached graph after it commits."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Item, Requirement, Workaround
from .selectors import forget_graph


def _forget_after_commit(programme_id: int) -> None:
    """Forget the cached graph now (this process reads its own writes) and again after the
    commit (another request may have cached the old graph meanwhile)."""
    forget_graph(programme_id)
    transaction.on_commit(lambda: forget_graph(programme_id))


def _check_slug(programme, slug: str, *, item: Item | None = None) -> None:
    clash = Item.objects.for_programme(programme).filter(slug=slug)
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError(
            {"slug": _("Another item already has this short name: choose a different one")}
        )


ITEM_FIELDS = ("slug", "name", "kind", "description", "last_checked")


@transaction.atomic
def item_create(*, programme, created_by=None, **fields) -> Item:
    _check_slug(programme, fields["slug"])
    item = Item.objects.create(
        programme=programme,
        created_by=created_by,
        updated_by=created_by,
        **{name: fields[name] for name in ITEM_FIELDS if name in fields},
    )
    _forget_after_commit(programme.pk)
    return item


@transaction.atomic
def item_update(*, item: Item, updated_by=None, **fields) -> Item:
    _check_slug(item.programme, fields.get("slug", item.slug), item=item)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.updated_by = updated_by
    item.save()
    _forget_after_commit(item.programme_id)
    return item


@transaction.atomic
def item_delete(*, item: Item) -> None:
    programme_id = item.programme_id
    item.delete()
    _forget_after_commit(programme_id)


def _check_requirement(item: Item, alternatives, services) -> None:
    errors = {}
    if any(a.pk == item.pk for a in alternatives):
        errors["alternatives"] = _("An item cannot be one of its own requirements: untick it")
    elif any(a.programme_id != item.programme_id for a in alternatives):
        errors["alternatives"] = _("Choose items of this programme only")
    if any(s.programme_id != item.programme_id for s in services):
        errors["services"] = _("Choose services of this programme only")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def requirement_create(
    *,
    item: Item,
    label: str,
    alternatives=(),
    services=(),
    note: str = "",
    guide_slugs: str = "",
    position: int | None = None,
    created_by=None,
) -> Requirement:
    _check_requirement(item, alternatives, services)
    if position is None:
        position = item.requirements.count() + 1
    requirement = Requirement.objects.create(
        item=item,
        label=label,
        note=note,
        guide_slugs=guide_slugs,
        position=position,
        created_by=created_by,
        updated_by=created_by,
    )
    requirement.alternatives.set(alternatives)
    requirement.services.set(services)
    _forget_after_commit(item.programme_id)
    return requirement


@transaction.atomic
def requirement_update(
    *,
    requirement: Requirement,
    label: str,
    alternatives=(),
    services=(),
    note: str = "",
    guide_slugs: str = "",
    position: int | None = None,
    updated_by=None,
) -> Requirement:
    _check_requirement(requirement.item, alternatives, services)
    requirement.label = label
    requirement.note = note
    requirement.guide_slugs = guide_slugs
    if position is not None:
        requirement.position = position
    requirement.updated_by = updated_by
    requirement.save()
    requirement.alternatives.set(alternatives)
    requirement.services.set(services)
    _forget_after_commit(requirement.item.programme_id)
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement) -> None:
    programme_id = requirement.item.programme_id
    requirement.delete()
    _forget_after_commit(programme_id)


def workaround_propose(
    *, requirement: Requirement, text: str, proposed_by, submission: uuid.UUID | None = None
) -> tuple[Workaround, bool]:
    """A networker's proposal, waiting for a coordinator. Sent twice (same `submission`),
    stored once: returns the workaround and whether it is new."""
    if submission is not None:
        found = Workaround.objects.filter(submission=submission, requirement=requirement).first()
        if found is not None:
            return found, False
    try:
        with transaction.atomic():
            workaround = Workaround.objects.create(
                requirement=requirement,
                text=text.strip(),
                submission=submission,
                created_by=proposed_by,
                updated_by=proposed_by,
            )
    except IntegrityError:
        existing = Workaround.objects.filter(submission=submission).first()
        if existing is None or existing.requirement_id != requirement.pk:
            raise
        return existing, False
    return workaround, True


@transaction.atomic
def workaround_decide(*, workaround: Workaround, verified: bool, decided_by, note: str = ""):
    """A coordinator verifies a workaround (the planner uses it from now on) or sets it
    aside. Deciding again changes the decision."""
    workaround.status = Workaround.Status.VERIFIED if verified else Workaround.Status.REJECTED
    workaround.decided_by = decided_by
    workaround.decided_at = timezone.now()
    workaround.decision_note = note
    workaround.updated_by = decided_by
    workaround.save()
    _forget_after_commit(workaround.requirement.item.programme_id)
    return workaround
