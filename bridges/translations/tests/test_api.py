"""The contract other apps code against (WF-API): registering, reading, publishing, and what
happens when the source changes."""

import pytest
from django.core.exceptions import ValidationError

from bridges.core.concurrency import EditConflict, version_of
from bridges.core.models import Notification
from bridges.translations import registry
from bridges.translations.models import State, Translation
from bridges.translations.selectors import translated, translated_many
from bridges.translations.services import (
    publish_translation,
    translation_approve,
    translation_save,
    translation_send_back,
)

from .factories import organisation, speaker

pytestmark = pytest.mark.django_db


def test_missing_translation_reads_the_source(programme, test_kind):
    org = organisation(programme)
    t = translated(org, "ar")
    assert not t.is_translation
    assert t.text("name") == "Riverton Advice"
    assert t.language_of("name") == "en"
    assert t.out_of_date_since is None
    assert t.credits == []
    assert t.untranslated_keys == ["name", "description"]


def test_published_translation_is_read_segment_by_segment(programme, test_kind):
    org = organisation(programme)
    publish_translation(org, "ar", {"name": "نصيحة ريفرتون"}, note="demo")
    t = translated(org, "ar")
    assert t.is_translation
    assert t.text("name") == "نصيحة ريفرتون"
    assert t.language_of("name") == "ar"
    # The description has no Arabic: the reader gets the English, marked as English.
    assert t.text("description") == "Free advice on housing."
    assert t.language_of("description") == "en"
    assert t.untranslated_keys == ["description"]
    # Reading English, the source is the text.
    assert translated(org, "en").text("name") == "Riverton Advice"
    assert Translation.objects.get().state == State.PUBLISHED


def test_translated_many_uses_one_query(programme, test_kind, django_assert_num_queries):
    orgs = [organisation(programme, name=f"Org {n}") for n in range(6)]
    publish_translation(orgs[0], "pl", {"name": "Organizacja 0"})
    publish_translation(orgs[3], "pl", {"name": "Organizacja 3"})
    with django_assert_num_queries(1):
        many = translated_many(orgs, "pl")
    assert many[orgs[0].pk].text("name") == "Organizacja 0"
    assert many[orgs[1].pk].text("name") == "Org 1"
    assert not many[orgs[1].pk].is_translation
    assert many[orgs[3].pk].is_translation


def test_only_published_text_is_public(programme, test_kind):
    org = organisation(programme)
    translator = speaker(programme, "ar", name="Amal")
    translation_save(
        obj=org,
        language="ar",
        segments={"name": "مسودة", "description": "نص"},
        by=translator,
        programme=programme,
        submit=True,
    )
    assert not translated(org, "ar").is_translation
    assert translated(org, "ar").text("name") == "Riverton Advice"


def test_source_change_makes_translations_out_of_date_and_tells_translators(
    programme, test_kind, django_capture_on_commit_callbacks
):
    org = organisation(programme)
    translator = speaker(programme, "ar", name="Amal", email="amal@example.org")
    reviewer = speaker(programme, "ar", name="Basel", email="basel@example.org")
    speaker(programme, "ar", name="Never translated", email="new@example.org")
    speaker(programme, "pl", name="Piotr", email="piotr@example.org")
    row = translation_save(
        obj=org,
        language="ar",
        segments={"name": "نصيحة", "description": "نصيحة مجانية"},
        by=translator,
        programme=programme,
        credit=True,
        submit=True,
    )
    translation_approve(translation=row, by=reviewer, programme=programme, credit=False)
    publish_translation(org, "pl", {"name": "Porady", "description": "Darmowe porady."})
    # Saving without changing the text changes nothing.
    org.email = "info@example.org"
    org.save()
    assert not Translation.objects.filter(out_of_date_since__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        org.description = "Free advice on housing and benefits."
        org.save()
    arabic = Translation.objects.get(language="ar")
    assert arabic.state == State.OUT_OF_DATE
    assert arabic.out_of_date_since is not None
    t = translated(org, "ar")
    # The reader still sees the last approved translation, with the date it went out of date.
    assert t.text("description") == "نصيحة مجانية"
    assert t.out_of_date_since == arabic.out_of_date_since
    assert t.credits == ["Amal"]
    # The Arabic translators who worked on Arabic before are told, nobody else.
    told = sorted(
        Notification.objects.filter(kind="translations.out_of_date").values_list("to", flat=True)
    )
    assert len(told) == 2
    assert any("amal@example.org" in str(r) for r in told)
    assert any("basel@example.org" in str(r) for r in told)
    assert all("new@example.org" not in str(r) for r in told)
    # Saving again the same day tells nobody twice.
    org.description = "Free advice on housing, benefits and debt."
    org.save()
    assert Notification.objects.filter(kind="translations.out_of_date").count() == 2


def test_reviewer_is_a_second_speaker(programme, test_kind):
    org = organisation(programme)
    translator = speaker(programme, "fa", name="Dara")
    other = speaker(programme, "pl", name="Ola")
    row = translation_save(
        obj=org,
        language="fa",
        segments={"name": "مشاوره", "description": "مشاوره رایگان"},
        by=translator,
        programme=programme,
        submit=True,
    )
    with pytest.raises(ValidationError):
        translation_approve(translation=row, by=translator, programme=programme)
    with pytest.raises(ValidationError):
        translation_approve(translation=row, by=other, programme=programme)
    reviewer = speaker(programme, "fa", name="Shirin")
    with pytest.raises(ValidationError):
        translation_send_back(translation=row, by=reviewer, programme=programme, comment=" ")
    row = translation_send_back(
        translation=row, by=reviewer, programme=programme, comment="Use the formal register."
    )
    assert row.state == State.DRAFT
    assert row.review_comment == "Use the formal register."
    with pytest.raises(ValidationError):  # not in review any more
        translation_approve(translation=row, by=reviewer, programme=programme)


def test_only_speakers_translate_and_submitting_needs_every_part(programme, test_kind):
    org = organisation(programme)
    polish = speaker(programme, "pl")
    with pytest.raises(ValidationError):
        translation_save(
            obj=org, language="ar", segments={"name": "x"}, by=polish, programme=programme
        )
    with pytest.raises(ValidationError):
        translation_save(
            obj=org,
            language="pl",
            segments={"name": "Porady"},
            by=polish,
            programme=programme,
            submit=True,
        )
    assert not Translation.objects.exists()
    # A draft may be partial; a basic speaker is not asked to translate.
    translation_save(
        obj=org, language="pl", segments={"name": "Porady"}, by=polish, programme=programme
    )
    basic = speaker(programme, "ro", level="basic")
    with pytest.raises(ValidationError):
        translation_save(
            obj=org, language="ro", segments={"name": "x"}, by=basic, programme=programme
        )


def test_version_check_and_double_submission(programme, test_kind):
    org = organisation(programme)
    one = speaker(programme, "ar", name="One")
    two = speaker(programme, "ar", name="Two")
    row = translation_save(
        obj=org, language="ar", segments={"name": "أ"}, by=one, programme=programme
    )
    shown = version_of(row)
    translation_save(
        obj=org,
        language="ar",
        segments={"name": "ب"},
        by=two,
        programme=programme,
        expected_version=shown,
    )
    # The first person's form, shown before the second person saved, is refused.
    with pytest.raises(EditConflict):
        translation_save(
            obj=org,
            language="ar",
            segments={"name": "ج"},
            by=one,
            programme=programme,
            expected_version=shown,
        )
    # The same text sent twice by the same person is stored once, without a conflict.
    current = version_of(Translation.objects.get())
    translation_save(
        obj=org,
        language="ar",
        segments={"name": "د"},
        by=one,
        programme=programme,
        expected_version=current,
    )
    translation_save(
        obj=org,
        language="ar",
        segments={"name": "د"},
        by=one,
        programme=programme,
        expected_version=current,
    )
    assert Translation.objects.count() == 1
    assert Translation.objects.get().draft_segments == {"name": "د"}


def test_on_publish_receives_the_approved_segments(programme, test_kind):
    received = []
    kind = registry.TranslatableKind(
        key=test_kind.key,
        model=test_kind.model,
        label=test_kind.label,
        segments=test_kind.segments,
        on_publish=lambda obj, language, segments: received.append((obj.pk, language, segments)),
    )
    registry.register(kind)
    org = organisation(programme)
    publish_translation(org, "sw", {"name": "Ushauri", "description": "Ushauri wa bure", "x": "?"})
    assert received == [(org.pk, "sw", {"name": "Ushauri", "description": "Ushauri wa bure"})]


def test_source_language_and_unknown_languages_are_refused(programme, test_kind):
    org = organisation(programme)
    with pytest.raises(ValidationError):
        publish_translation(org, "en", {"name": "x"})
    with pytest.raises(ValidationError):
        publish_translation(org, "xx", {"name": "x"})


def test_speakers_slot(programme):
    from bridges.core import providers

    amal = speaker(programme, "ar", "fa", name="Amal")
    speaker(programme, "ar", level="conversational", name="Conv")
    slot = providers.speakers.get()
    assert slot.speakers(programme=programme, language_code="ar") == [amal]
    assert slot.languages_of(user=amal, programme=programme) == ["ar", "fa"]
    assert slot.speakers_by_language(programme=programme, language_codes=["fa", "pl"]) == {
        "fa": [amal],
        "pl": [],
    }
