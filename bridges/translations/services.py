"""Writing translations: drafts, review, publishing, and what happens when the source changes.

Every write is atomic; notifications leave after commit (`core.notify`). A person may translate
into, or review, a language only if they speak it (the `speakers` provider slot), and the
reviewer is always a different person from the translator: machine translation is not used and
nothing is published without a second speaker's approval (except `publish_translation`, for demo
data and trusted imports).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.core import providers
from bridges.core.concurrency import EditConflict, version_check, version_of
from bridges.core.notify import Addressee, notification_send

from .models import State, Translation
from .registry import TranslatableKind, kind_for

TARGET_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _check_language(kind: TranslatableKind, obj, language: str) -> None:
    if language not in TARGET_LANGUAGES:
        raise ValidationError(_("Choose a language the site is published in."))
    if language == kind.source_language(obj):
        raise ValidationError(_("This content is written in that language already."))


def _speaks(user, programme, language: str) -> bool:
    if programme is None:  # shared content: any programme of theirs will do
        return False
    return language in providers.speakers.get().languages_of(user=user, programme=programme)


def _clean_segments(source: dict[str, str], segments: dict[str, str]) -> dict[str, str]:
    """Only the source's segments, stripped, empty ones left out."""
    cleaned = {}
    for key in source:
        text = (segments.get(key) or "").strip()
        if text:
            cleaned[key] = text
    return cleaned


def _row(kind: TranslatableKind, obj, language: str) -> Translation | None:
    return (
        Translation.objects.select_for_update()
        .filter(kind=kind.key, object_id=str(obj.pk), language=language)
        .first()
    )


@transaction.atomic
def translation_save(
    *,
    obj,
    language: str,
    segments: dict[str, str],
    by,
    programme,
    credit: bool = False,
    submit: bool = False,
    expected_version: str | None = None,
) -> Translation:
    """Save the working copy of `obj` in `language` as a draft, or send it for review.

    Raises ValidationError if `by` does not speak the language or, when submitting, a part is
    left empty; EditConflict if someone saved this translation since `expected_version` was
    read (the same text sent twice by the same person is stored once, without a conflict).
    """
    kind = kind_for(obj)
    _check_language(kind, obj, language)
    if not _speaks(by, programme, language):
        raise ValidationError(
            _("Only networkers who speak this language (on their profile) can translate it.")
        )
    source = kind.source_segments(obj)
    cleaned = _clean_segments(source, segments)
    if submit and set(cleaned) != set(source):
        raise ValidationError(
            _("Translate every part before you send it for review, or save it as a draft.")
        )
    row = _row(kind, obj, language)
    if row is not None:
        if row.state == State.REVIEW and not submit and row.translator_id != by.pk:
            raise ValidationError(
                _("This translation is waiting for review: it cannot be changed until then.")
            )
        current = version_of(row)
        if expected_version is not None and expected_version != current:
            same = row.draft_segments == cleaned and row.translator_id == by.pk
            if not same:
                raise EditConflict(current)
            expected_version = current
        row = version_check(instance=row, expected=expected_version)
    else:
        if expected_version:  # the form was made from a row that has gone since
            raise EditConflict("")
        row = Translation(
            kind=kind.key,
            object_id=str(obj.pk),
            language=language,
            programme=kind.programme(obj),
            created_by=by,
        )
    row.draft_segments = cleaned
    row.draft_source = source
    row.translator = by
    row.translator_credit = credit
    row.updated_by = by
    if submit:
        row.state = State.REVIEW
        row.submitted_at = timezone.now()
    else:
        row.state = State.DRAFT
    row.full_clean(exclude=["draft_segments", "draft_source", "published_segments"])
    row.save()
    return row


def _fail_unless_review(row: Translation) -> None:
    if row.state != State.REVIEW:
        raise ValidationError(_("This translation is not waiting for review."))


def _reviewer_allowed(row: Translation, by, programme) -> None:
    if row.translator_id == by.pk:
        raise ValidationError(
            _("A second person reviews each translation: you cannot approve your own.")
        )
    if not _speaks(by, programme, row.language):
        raise ValidationError(
            _("Only networkers who speak this language (on their profile) can review it.")
        )


def _source_of(row: Translation):
    from .registry import get_kind

    kind = get_kind(row.kind)
    obj = kind.model_class._default_manager.filter(pk=row.object_id).first()
    return kind, obj


@transaction.atomic
def translation_approve(
    *, translation: Translation, by, programme, credit: bool = False, expected_version=None
) -> Translation:
    """Publish the working copy: readers now see it. The reviewer must be a second speaker."""
    row = version_check(instance=translation, expected=expected_version)
    _fail_unless_review(row)
    _reviewer_allowed(row, by, programme)
    kind, obj = _source_of(row)
    _publish(
        row,
        kind=kind,
        obj=obj,
        segments=row.draft_segments,
        source=row.draft_source,
        translator=row.translator,
        translator_credit=row.translator_credit,
        reviewer=by,
        reviewer_credit=credit,
    )
    row.updated_by = by
    row.review_comment = ""
    row.save()
    return row


@transaction.atomic
def translation_send_back(
    *, translation: Translation, by, programme, comment: str, expected_version=None
) -> Translation:
    """Return the working copy to its translator as a draft, with the reviewer's comment."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Enter a comment saying what to change"))
    row = version_check(instance=translation, expected=expected_version)
    _fail_unless_review(row)
    _reviewer_allowed(row, by, programme)
    row.state = State.DRAFT
    row.review_comment = comment[:4000]
    row.reviewed_by = by
    row.updated_by = by
    row.save()
    return row


def _publish(
    row: Translation,
    *,
    kind: TranslatableKind,
    obj,
    segments: dict,
    source: dict,
    translator,
    translator_credit: bool,
    reviewer,
    reviewer_credit: bool,
    note: str = "",
) -> None:
    current = kind.source_segments(obj) if obj is not None else source
    row.published_segments = dict(segments)
    row.published_source = dict(source)
    row.published_at = timezone.now()
    row.published_translator = translator
    row.published_translator_credit = bool(translator_credit and translator)
    row.published_reviewer = reviewer
    row.published_reviewer_credit = bool(reviewer_credit and reviewer)
    row.publish_note = note[:200]
    # Approved from a copy of the source that has changed since: out of date from today.
    if _changed(row.published_source, current):
        row.out_of_date_since = timezone.localdate()
        row.state = State.OUT_OF_DATE
    else:
        row.out_of_date_since = None
        row.state = State.PUBLISHED
    if kind.on_publish is not None and obj is not None:
        published = {key: text for key, text in segments.items() if key in current}
        kind.on_publish(obj, row.language, published)


@transaction.atomic
def publish_translation(
    obj, language: str, segments: dict, *, translator=None, reviewer=None, note: str = ""
) -> Translation:
    """Publish a translation without the workflow: demo data and trusted imports only."""
    kind = kind_for(obj)
    _check_language(kind, obj, language)
    source = kind.source_segments(obj)
    cleaned = _clean_segments(source, segments)
    row = _row(kind, obj, language) or Translation(
        kind=kind.key, object_id=str(obj.pk), language=language, programme=kind.programme(obj)
    )
    working = row.state if row.pk and row.state in (State.DRAFT, State.REVIEW) else None
    _publish(
        row,
        kind=kind,
        obj=obj,
        segments=cleaned,
        source=source,
        translator=translator,
        translator_credit=translator is not None,
        reviewer=reviewer,
        reviewer_credit=reviewer is not None,
        note=note,
    )
    if working is not None:  # a translator's work in progress stays where it was
        row.state = working
    row.draft_segments = row.draft_segments or cleaned
    row.draft_source = row.draft_source or source
    row.save()
    return row


def _changed(published_source: dict, current: dict) -> bool:
    return {k: v for k, v in (published_source or {}).items() if v} != current


def changed_keys(published_source: dict, current: dict) -> set[str]:
    """The segments added, changed or removed between two copies of the source."""
    keys = set(published_source or {}) | set(current)
    return {key for key in keys if (published_source or {}).get(key) != current.get(key)}


@transaction.atomic
def translations_source_changed(obj) -> int:
    """The source of `obj` may have changed: mark its published translations whose source
    differs out of date (from today) and tell that language's translators. Called on every save
    of a registered model; an app whose segments live in other records (a guide's steps) calls
    it itself after changing them. Returns how many translations became out of date."""
    kind = kind_for(obj)
    current = kind.source_segments(obj)
    rows = list(
        Translation.objects.select_for_update(of=("self",))
        .filter(kind=kind.key, object_id=str(obj.pk), published_at__isnull=False)
        .filter(out_of_date_since__isnull=True)
        .select_related("published_translator", "published_reviewer", "translator")
    )
    today = timezone.localdate()
    marked = []
    for row in rows:
        if not _changed(row.published_source, current):
            continue
        row.out_of_date_since = today
        if row.state == State.PUBLISHED:
            row.state = State.OUT_OF_DATE
        row.save(update_fields=["out_of_date_since", "state", "updated_at"])
        marked.append(row)
    if marked:
        programme = kind.programme(obj)
        name = kind.name_of(obj)
        for row in marked:
            _tell_translators(row, kind=kind, obj=obj, programme=programme, name=name)
    return len(marked)


def translators_of(*, programme, language: str) -> list:
    """The people to tell when a translation in `language` is out of date: who translated or
    reviewed it, and the programme's speakers of the language who have translated before."""
    if programme is None:
        return []
    speakers = providers.speakers.get().speakers(programme=programme, language_code=language)
    helped = set(
        Translation.objects.for_programme(programme)
        .filter(language=language, published_at__isnull=False)
        .values_list("published_translator_id", "published_reviewer_id")
        .distinct()
        .order_by()
    )
    ids = {pk for pair in helped for pk in pair if pk}
    return [user for user in speakers if user.pk in ids]


def _tell_translators(row: Translation, *, kind, obj, programme, name: str) -> int:
    people = {user.pk: user for user in translators_of(programme=programme, language=row.language)}
    if not people or programme is None:
        return 0
    path = reverse(
        "translations:translate",
        kwargs={"programme": programme.slug, "pk": row.pk},
    )
    link = settings.SITE_URL.rstrip("/") + path if settings.SITE_URL else path
    context = {
        "programme_name": programme.name,
        "content_name": name,
        "kind_label": str(kind.label),
        "language": row.language,
        "link": link,
    }
    sent = 0
    stamp = row.out_of_date_since.isoformat()
    for user in people.values():
        if notification_send(
            kind="translations.out_of_date",
            key=f"{row.pk}:{stamp}:{user.pk}",
            addressee=Addressee(to=[user.email], language=user.preferred_language),
            context=context,
        ):
            sent += 1
    return sent
