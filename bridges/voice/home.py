from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridges.core.programme_links import ProgrammeLink


def _with_resolved(programmes) -> set[int]:
    from .models import Issue, State

    return set(
        Issue.objects.filter(programme__in=programmes, state=State.RESOLVED)
        .values_list("programme_id", flat=True)
        .distinct()
    )


PROGRAMME_LINKS = [
    ProgrammeLink(
        _("You said, we did"),
        lambda programme: reverse("voice_public:you_said", args=[programme.slug]),
        offered=_with_resolved,
        order=60,
    ),
]
