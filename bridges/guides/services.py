"""Writes: a coordinator creates, edits, publishes, takes back and deletes guides. Each is
atomic; the steps are stored in the order given, numbered from 1."""

from dataclasses import dataclass

from django.db import transaction

from bridges.accounts.models import Programme

from .models import Guide, GuideStep


@dataclass(frozen=True)
class StepText:
    title: str
    body: str = ""


def _steps_replace(guide: Guide, steps: list[StepText]) -> None:
    guide.steps.all().delete()
    made = [
        GuideStep(guide=guide, number=number, title=step.title.strip(), body=step.body.strip())
        for number, step in enumerate(steps, start=1)
        if step.title.strip()
    ]
    for step in made:
        step.full_clean(exclude=["guide"])
    GuideStep.objects.bulk_create(made)


@transaction.atomic
def guide_save(
    *,
    guide: Guide,
    steps: list[StepText],
    services=None,
    by=None,
) -> Guide:
    """Create or update a guide (its fields already set, e.g. by a ModelForm), with its steps
    in the order given and the services it links to (None keeps them)."""
    if guide.pk is None:
        guide.created_by = by
    guide.updated_by = by
    guide.slug = guide.slug.lower()
    guide.full_clean()
    guide.save()
    _steps_replace(guide, steps)
    if services is not None:
        guide.services.set(services)
    # The translation workflow compares segments when the guide is saved; save once more now
    # that the steps are in place, so the comparison sees them.
    guide.save(update_fields=["updated_at"])
    return guide


@transaction.atomic
def guide_create(
    *,
    programme: Programme,
    slug: str,
    title: str,
    summary: str,
    last_checked,
    steps: list[StepText],
    status: str = Guide.Status.DRAFT,
    services=(),
    by=None,
    **sections,
) -> Guide:
    guide = Guide(
        programme=programme,
        slug=slug,
        title=title,
        summary=summary,
        last_checked=last_checked,
        status=status,
        **sections,
    )
    return guide_save(guide=guide, steps=steps, services=list(services), by=by)


@transaction.atomic
def guide_status_set(*, guide: Guide, status: str, by=None) -> Guide:
    """Publish a guide or take it back to draft (sending it twice changes nothing more)."""
    if guide.status != status:
        guide.status = status
        guide.updated_by = by
        guide.save(update_fields=["status", "updated_by", "updated_at"])
    return guide


@transaction.atomic
def guide_delete(*, guide: Guide) -> None:
    guide.delete()
