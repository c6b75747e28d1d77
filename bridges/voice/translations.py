"""Community issues in the content-translation workflow (bridges.translations).

Kind "voice.issue" has two segments: "summary" — the coordinator's public words ("you said")
once written, the issue's own one-line summary until then — and "answer" ("we did"). Issues
raised, routed, answered and resolved are live (closed and merged ones are not): an open issue's
one line translated lets a networker writing in another language find it among the merge
suggestions, and a resolved issue's translation is what the public page shows in each language.

A published translation is added to the issue's word index (`on_publish`), so suggestions work
across languages.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bridges.translations.models import Translation
from bridges.translations.registry import TranslatableKind, register
from bridges.translations.selectors import translated_many

from .models import OPEN_STATES, State

KEY = "voice.issue"


def segments(issue) -> dict[str, str]:
    return {"summary": issue.public_summary or issue.summary, "answer": issue.public_answer}


def source_language(issue) -> str:
    # The public words are written by the programme's staff in the site's language; until they
    # exist, the summary is in the language the networker wrote it in.
    return settings.LANGUAGE_CODE if issue.public_summary else (issue.language or "en")


def is_live(issue) -> bool:
    return issue.state in (*OPEN_STATES, State.RESOLVED)


def public_url(issue, language: str) -> str | None:
    if issue.state != State.RESOLVED:
        return None
    with translation.override(language):
        return reverse("voice_public:you_said", args=[issue.programme.slug]) + f"#issue-{issue.pk}"


def on_publish(issue, language: str, published: dict[str, str]) -> None:
    from .services import issue_index

    issue_index(issue=issue, publishing=(language, published))


ISSUE = TranslatableKind(
    key=KEY,
    model="voice.Issue",
    label=_("Community issue"),
    segments=segments,
    source_language=source_language,
    programme=lambda issue: issue.programme,
    is_live=is_live,
    public_url=public_url,
    multiline=frozenset({"summary", "answer"}),
    on_publish=on_publish,
    title=lambda issue: f"{issue.reference} {issue.summary}",
    segment_label=lambda key: str({"summary": _("You said"), "answer": _("We did")}.get(key, key)),
)


def register_kinds() -> None:
    register(ISSUE)


def issue_texts(issue, *, publishing: tuple[str, dict] | None = None) -> list[str]:
    """The issue's published translations, for the word index (with the one being published,
    which is not stored yet)."""
    texts: list[str] = []
    rows = Translation.objects.filter(kind=KEY, object_id=str(issue.pk)).public()
    found = []
    if publishing is not None:
        rows = rows.exclude(language=publishing[0])
        found.append(publishing[1])
    for published in [*found, *rows.values_list("published_segments", flat=True)]:
        texts.extend(str(value) for value in (published or {}).values() if value)
    return texts


def public_texts(issues, language: str) -> dict:
    """{issue pk: (said, said_language, did, did_language)} in the reader's language where a
    translation is published, in the source words otherwise (one query)."""
    result = {}
    for pk, shown in translated_many(issues, language).items():
        result[pk] = (
            shown.text("summary"),
            shown.language_of("summary"),
            shown.text("answer"),
            shown.language_of("answer"),
        )
    return result
