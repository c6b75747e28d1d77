"""Who may translate written content into a language: the `speakers` provider slot.

A networker translates into a language they speak fluently or as a first language (their
profile's languages); basic and conversational speakers are not asked to write it. Only active
networkers with a sign-in count.
"""

from .models import Networker, NetworkerLanguage

TRANSLATING_LEVELS = (NetworkerLanguage.Level.FLUENT, NetworkerLanguage.Level.NATIVE)


def _skills(programme):
    return NetworkerLanguage.objects.filter(
        networker__programme=programme,
        networker__stage=Networker.Stage.ACTIVE,
        networker__user__isnull=False,
        networker__user__is_active=True,
        level__in=TRANSLATING_LEVELS,
    )


def speakers_by_language(*, programme, language_codes: list[str]) -> dict[str, list]:
    found: dict[str, list] = {code: [] for code in language_codes}
    skills = (
        _skills(programme)
        .filter(language_id__in=language_codes)
        .select_related("networker__user")
        .order_by("networker__user__display_name", "networker__user__email")
    )
    for skill in skills:
        found[skill.language_id].append(skill.networker.user)
    return found


def speakers(*, programme, language_code: str) -> list:
    return speakers_by_language(programme=programme, language_codes=[language_code])[language_code]


def languages_of(*, user, programme) -> list[str]:
    if user is None or not user.is_authenticated:
        return []
    return list(
        _skills(programme)
        .filter(networker__user=user)
        .order_by("language_id")
        .values_list("language_id", flat=True)
    )
