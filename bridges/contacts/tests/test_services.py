import uuid
from datetime import date

import pytest

from bridges.contacts import selectors, services
from bridges.contacts.models import ContactRecord, ContactRecordRevision
from bridges.contacts.services import ContactConflict, ContactData
from bridges.core import providers
from bridges.directory.tests.factories import make_service

from .factories import record

pytestmark = pytest.mark.django_db


def data(**values) -> ContactData:
    return ContactData(
        **{"date": date(2026, 3, 2), "channel": "phone", "languages": ["ar"], **values}
    )


def send(programme, networker, client_id, content):
    return services.contact_record(
        programme=programme,
        networker=networker,
        client_id=client_id,
        data=content,
        recorded_by=networker.user,
    )


def test_the_same_record_sent_again_is_stored_once_and_answered_with_the_original(city, amina):
    client_id = uuid.uuid4()
    first, created = send(city, amina, client_id, data(needs=["housing", "health"]))
    # The same content, lists in another order: still the same record.
    again, created_again = send(city, amina, client_id, data(needs=["health", "housing"]))
    assert created and not created_again
    assert again.pk == first.pk
    assert ContactRecord.objects.count() == 1


def test_the_same_id_with_different_content_is_refused(city, amina):
    client_id = uuid.uuid4()
    first, _ = send(city, amina, client_id, data(people_helped=1))
    with pytest.raises(ContactConflict) as refused:
        send(city, amina, client_id, data(people_helped=2))
    assert refused.value.record == first
    assert ContactRecord.objects.get().people_helped == 1


def test_another_networker_reusing_an_id_is_a_conflict_not_a_repeat(city, amina, yonas):
    client_id = uuid.uuid4()
    send(city, amina, client_id, data())
    with pytest.raises(ContactConflict):
        send(city, yonas, client_id, data())


def test_a_client_id_is_unique_per_programme_only(city, other_programme, amina):
    from .conftest import networker_of

    client_id = uuid.uuid4()
    send(city, amina, client_id, data())
    _, created = send(other_programme, networker_of(other_programme), client_id, data())
    assert created
    assert ContactRecord.objects.count() == 2


def test_a_correction_keeps_who_when_and_what_changed(city, amina):
    stored = record(city, amina, people_helped=1, note="First words", languages=["ar"])
    changed = services.contact_correct(
        record=stored,
        data=data(date=stored.date, channel="in_person", people_helped=3, note="Other words",
                  languages=["ar", "en"]),
        corrected_by=amina.user,
    )  # fmt: skip
    assert changed
    stored.refresh_from_db()
    assert stored.people_helped == 3 and stored.note == "Other words"
    assert sorted(stored.languages.values_list("pk", flat=True)) == ["ar", "en"]
    revision = ContactRecordRevision.objects.get()
    assert revision.changed_by == amina.user and revision.changed_at
    assert revision.changes["people_helped"] == {"from": 1, "to": 3}
    assert revision.changes["languages"] == {"from": ["ar"], "to": ["ar", "en"]}
    # The note's words are not copied into the history.
    assert revision.changes["note"] == {"changed": True}
    assert "First words" not in str(revision.changes)


def test_a_correction_that_changes_nothing_leaves_no_revision(city, amina):
    stored = record(city, amina)
    same = ContactData.of(stored)
    assert not services.contact_correct(record=stored, data=same, corrected_by=amina.user)
    assert not ContactRecordRevision.objects.exists()


def test_the_note_is_encrypted_at_rest(city, amina):
    from django.db import connection

    stored = record(city, amina, note="Needs help with a housing letter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM contacts_contactrecord WHERE id = %s", [stored.pk])
        raw = cursor.fetchone()[0]
    assert "housing" not in raw


def test_hours_given_are_answered_through_the_provider_slot(city, amina, yonas):
    record(city, amina, duration_minutes=90)
    record(city, amina, duration_minutes=45)
    record(city, amina)  # no time recorded
    hours = providers.contacts.get().hours_given(networker_ids=[amina.pk, yonas.pk])
    assert str(hours[amina.pk]) == "2.3"  # 135 minutes
    assert hours[yonas.pk] == 0


def test_the_directory_answers_only_the_programmes_published_services(city, other_programme):
    mine = make_service(city, name="Advice Centre")
    closed = make_service(city, name="Closed Centre", status="inactive")
    theirs = make_service(other_programme, name="Elsewhere Advice")
    directory = providers.directory.get()
    assert directory.services_search(programme=city, limit=10) == [(str(mine.pk), mine.name)]
    found = directory.services_by_ids(
        programme=city, ids=[str(mine.pk), str(closed.pk), str(theirs.pk), "not-an-id"]
    )
    assert found == {str(mine.pk): "Advice Centre"}


def test_the_log_filters_compose_and_stay_in_the_programme(city, other_programme, amina, yonas):
    from .conftest import networker_of

    housing = record(city, amina, needs=["housing"], languages=["ti"], area="E05011400")
    record(city, yonas, needs=["health"], languages=["ar"], channel="group")
    record(other_programme, networker_of(other_programme), needs=["housing"])
    found = selectors.contact_log(
        programme=city,
        filters=selectors.LogFilters(need="housing", language="ti", area="E05011400",
                                     networker=amina.pk, start=date(2026, 1, 1)),
    )  # fmt: skip
    assert list(found) == [housing]
    assert selectors.contact_log(programme=city, filters=selectors.LogFilters()).count() == 2
    assert not selectors.contact_log(
        programme=city, filters=selectors.LogFilters(end=date(2025, 12, 31))
    ).exists()


def test_need_and_language_filters_match_whole_codes_and_follow_corrections(city, amina):
    """The language codes kept on the record follow the links, through a correction too; the
    filters (containment on PostgreSQL, its GIN indexes' match) match whole codes only."""
    ti = record(city, amina, needs=["mental_health"], languages=["ti", "en"])
    record(city, amina, needs=["health"], languages=["ar"])
    assert ti.language_codes == ["en", "ti"]
    assert ContactRecord.objects.get(pk=ti.pk).language_codes == ["en", "ti"]

    def found(**filters):
        records = selectors.contact_log(programme=city, filters=selectors.LogFilters(**filters))
        return sorted(r.pk for r in records)

    assert found(need="health", language="ar") != found(need="mental_health")
    assert found(need="mental_health", language="ti") == [ti.pk]
    assert found(need="health", language="ti") == []
    corrected = ContactData.of(ti)
    corrected.languages = ["ar"]
    services.contact_correct(record=ti, data=corrected, corrected_by=amina.user)
    assert ContactRecord.objects.get(pk=ti.pk).language_codes == ["ar"]
    assert found(language="ti") == []
    assert found(language="ar", need="mental_health") == [ti.pk]
