import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bridges.cascades import selectors, services
from bridges.cascades.models import Channel, QuestionGroup, ReachReport, ReachSummary
from bridges.cascades.tests.factories import key_message, report
from bridges.networkers.models import Community

pytestmark = pytest.mark.django_db


def _data(**values):
    values.setdefault("date", timezone.localdate())
    values.setdefault("channel", Channel.WORSHIP)
    values.setdefault("language", "ar")
    values.setdefault("people_reached", 40)
    return services.ReachData(**values)


def test_a_report_sent_twice_is_stored_once_and_counted_once(city, amina):
    message = key_message(city)
    client_id = uuid.uuid4()
    first, created = services.reach_report(
        message=message, networker=amina, client_id=client_id, data=_data(), recorded_by=None
    )
    again, created_again = services.reach_report(
        message=message, networker=amina, client_id=client_id, data=_data(), recorded_by=None
    )
    assert created and not created_again and first.pk == again.pk
    assert ReachReport.objects.count() == 1
    rows = ReachSummary.objects.all()
    assert rows.count() == 4  # language, community, area, channel
    assert {(row.reports, row.people) for row in rows} == {(1, 40)}


def test_a_different_report_under_the_same_id_is_refused_and_changes_nothing(city, amina):
    message = key_message(city)
    client_id = uuid.uuid4()
    services.reach_report(
        message=message, networker=amina, client_id=client_id, data=_data(), recorded_by=None
    )
    with pytest.raises(services.ReportConflict):
        services.reach_report(
            message=message,
            networker=amina,
            client_id=client_id,
            data=_data(people_reached=99),
            recorded_by=None,
        )
    assert set(ReachSummary.objects.values_list("people", flat=True)) == {40}


def test_the_summary_adds_up_by_dimension_and_a_rebuild_gives_the_same(city, amina, yonas):
    sudanese = Community.objects.get(name="Sudanese community")
    message = key_message(city, languages=["ar", "ti", "pl"], communities=[sudanese])
    report(message, amina, people_reached=10, community=sudanese.pk, area="E05011400")
    report(message, amina, people_reached=5, community=sudanese.pk, area="E05011400")
    report(message, yonas, language="ti", people_reached=30, channel=Channel.RADIO)
    fields = ("message_id", "month", "dimension", "value", "reports", "people")
    kept = sorted(ReachSummary.objects.values_list(*fields))
    assert len(kept) == 8  # two values seen in each of the four dimensions
    assert services.summary_rebuild() == 8
    assert sorted(ReachSummary.objects.values_list(*fields)) == kept

    cascade = selectors.cascade_view(programme=city, message=message, suppress=False)
    assert cascade.people.value == 45 and cascade.reports.value == 3
    assert {row.label: row.people.value for row in cascade.by_language} == {
        "Arabic": 15,
        "Tigrinya": 30,
    }
    assert {row.key: row.people.value for row in cascade.by_area} == {"E05011400": 15, "": 30}
    [gap] = cascade.not_reached
    assert [lang.pk for lang in gap.languages] == ["pl"]
    assert gap.communities == []


def test_small_numbers_are_suppressed_for_analysts(city, amina):
    message = key_message(city)
    report(message, amina, people_reached=3)
    cascade = selectors.cascade_view(programme=city, message=message, suppress=True)
    assert cascade.people.suppressed and cascade.reports.suppressed
    assert all(row.people.suppressed for row in cascade.by_language)
    shown = selectors.cascade_view(programme=city, message=message, suppress=False)
    assert shown.people.value == 3 and not shown.people.suppressed


def test_alike_questions_meet_and_the_answer_goes_to_each_asker_in_their_language(
    city, amina, yonas, coordinator, django_capture_on_commit_callbacks
):
    message = key_message(city, languages=["ar", "ti"])
    report(message, amina, question="Do children  need an appointment?")
    report(message, yonas, language="ti", question="do children need an appointment")
    report(message, yonas, language="ti", question="Is it free?")
    groups = QuestionGroup.objects.order_by("pk")
    assert groups.count() == 2
    asked = groups.first()
    assert asked.reports.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        told = services.question_answer(group=asked, answer="No: walk in.", by=coordinator)
    assert told == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "yonas@example.org"]
    arabic = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    assert "No: walk in." in arabic.body
    # The same answer again tells nobody twice.
    assert services.question_answer(group=asked, answer="No: walk in.", by=coordinator) == 0
    assert list(selectors.answers_for(networker=amina, programme=city)) == [asked]


def test_merging_questions_moves_their_reports(city, amina, coordinator):
    message = key_message(city)
    report(message, amina, question="Where do I go?")
    report(message, amina, question="Which pharmacy?")
    first, second = QuestionGroup.objects.order_by("pk")
    services.question_merge(group=second, into=first, by=coordinator)
    assert QuestionGroup.objects.get().reports.count() == 2


def test_the_attention_count_is_messages_ending_soon_with_a_language_not_reached(city, amina):
    today = timezone.localdate()
    soon = key_message(city, languages=["ar", "ti"], ends_on=today + timedelta(days=3))
    key_message(city, languages=["ar"], ends_on=today + timedelta(days=60))
    report(soon, amina)
    assert selectors.ending_soon_unreached(programme=city, days=7) == 1
    report(soon, amina, language="ti")
    assert selectors.ending_soon_unreached(programme=city, days=7) == 0


def test_networkers_see_live_messages_for_their_languages_only(city, amina):
    today = timezone.localdate()
    live = key_message(city, languages=["ar"])
    key_message(city, languages=["ti"])
    key_message(
        city, languages=["ar"], starts_on=today - timedelta(30), ends_on=today - timedelta(1)
    )
    found = selectors.messages_for_networker(networker=amina, programme=city)
    assert found == [live]
    assert [lang.pk for lang in found[0].spoken] == ["ar"]


def test_the_rebuild_command_recounts_the_summary(city, amina):
    from django.core.management import call_command

    message = key_message(city)
    report(message, amina, people_reached=7)
    ReachSummary.objects.update(people=0)
    call_command("cascades_rebuild_summary", programme=city.slug)
    assert set(ReachSummary.objects.values_list("people", flat=True)) == {7}
