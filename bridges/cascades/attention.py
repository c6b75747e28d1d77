"""What needs a coordinator's attention in cascades (see bridges/core/attention.py): key
messages ending within ENDING_DAYS days with a language not reached yet, and questions not
answered. Two COUNTs."""

from django.urls import reverse
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from . import selectors
from .models import QuestionGroup

ENDING_DAYS = 7


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    if Role.COORDINATOR not in roles:
        return []
    n = selectors.ending_soon_unreached(programme=programme, days=ENDING_DAYS)
    questions = QuestionGroup.objects.for_programme(programme).filter(answered_at=None).count()
    return [
        AttentionItem(
            key="cascades.ending_unreached",
            label=ngettext(
                "%(n)s key message ends within %(days)s days with a language not reached yet",
                "%(n)s key messages end within %(days)s days with a language not reached yet",
                n,
            )
            % {"n": format_number(n), "days": format_number(ENDING_DAYS)},
            count=n,
            url=reverse("cascades:reach", args=[programme.slug]),
            severity=Severity.SOON,
        ),
        AttentionItem(
            key="cascades.questions",
            label=ngettext(
                "%(n)s question from a key message is not answered yet",
                "%(n)s questions from key messages are not answered yet",
                questions,
            )
            % {"n": format_number(questions)},
            count=questions,
            url=reverse("cascades:questions", args=[programme.slug]) + "?unanswered=on",
            severity=Severity.SOON,
        ),
    ]
