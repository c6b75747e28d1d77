"""Which programme a record belongs to, declared once per model, and the one way to load it.

Every record that belongs to a programme inherits `ProgrammeOwned` (an abstract base that adds
no fields) and, if it does not hold the programme itself, names the path to it:

    class DBSCheck(ProgrammeOwned, TimeStampedModel):
        programme_path = "networker__programme"

`Model.objects.for_programme(programme)` then means one thing everywhere: the records that
programme owns, directly or through that path. Records that may also be shared by every
programme (national training modules, the shared search words) inherit `SharedOrProgrammeOwned`
instead: an empty programme means "shared", `for_programme` still means only the programme's
own records, and `available_to(programme)` says explicitly "the shared ones plus its own".

A view loads a record named in its address with `get_for_programme(request, Model, pk=...)`,
which answers 404 whether the record does not exist or belongs to another programme.
"""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest


class ProgrammeOwnedQuerySet(models.QuerySet):
    def for_programme(self, programme):
        """The records `programme` owns: its own, never another programme's nor shared ones."""
        return self.filter(**{self.model.programme_path: programme})


class SharedOrProgrammeOwnedQuerySet(ProgrammeOwnedQuerySet):
    def shared(self):
        """The records every programme shares (those with no programme)."""
        return self.filter(**{f"{self.model.programme_path}__isnull": True})

    def available_to(self, programme):
        """The shared records plus the programme's own."""
        path = self.model.programme_path
        return self.filter(Q(**{f"{path}__isnull": True}) | Q(**{path: programme}))


class ProgrammeOwned(models.Model):
    """Base for records that belong to one programme. Adds no fields.

    `programme_path` is the lookup from the record to its programme: "programme" for a record
    holding it, "networker__programme" for a networker's DBS check, "programmes" for a partner
    organisation linked to several."""

    programme_path: ClassVar[str] = "programme"

    objects = ProgrammeOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class SharedOrProgrammeOwned(ProgrammeOwned):
    """Base for records that belong to one programme or, with no programme, to every one."""

    objects = SharedOrProgrammeOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_programme(
    request: HttpRequest, model_or_queryset, /, *, shared: bool = False, **lookup
):
    """The record matching `lookup` among those of the request's programme, or 404.

    `request.programme` is set by `programme_role_required`. A record of another programme
    answers 404 exactly as a missing one does, so its existence is not revealed. Pass a
    queryset to narrow further or to declare joins (`Service.objects.select_related(...)`).
    With `shared=True` (only for `SharedOrProgrammeOwned` models) shared records are found too;
    if both a shared and an own record match, the queryset's order picks, so order it.
    """
    queryset = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset.all()
    )
    if not issubclass(queryset.model, ProgrammeOwned):
        raise TypeError(f"{queryset.model.__name__} does not declare its programme")
    programme = request.programme
    scoped = queryset.available_to(programme) if shared else queryset.for_programme(programme)
    try:
        found = scoped.filter(**lookup).first()
    except (ValueError, ValidationError):  # an id of the wrong shape
        found = None
    if found is None:
        raise Http404
    return found
