"""Writes of the contact log: record a piece of support exactly once, and correct it.

Exactly once: a record's `client_id` is unique within its programme (a database constraint).
Sending the same record again, or twenty times at once, finds the stored one and answers with
it; a different record under the same id is refused with `ContactConflict`. The insert runs in
a savepoint, so a losing concurrent insert rolls back alone and then reads the winner.
"""

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import IntegrityError, connections, router, transaction
from django.db.models.sql import InsertQuery
from django.utils.translation import gettext_lazy as _

from .models import ContactRecord, ContactRecordRevision


class ContactConflict(Exception):
    """A record with this client id exists with different content."""

    message = _(
        "A different record was already sent with this identifier. Nothing was changed: "
        "start a new record, or correct the one already stored."
    )

    def __init__(self, record: ContactRecord):
        super().__init__(str(self.message))
        self.record = record


@dataclass
class ContactData:
    """What a networker records, in plain values (ids and codes)."""

    date: date
    channel: str
    people_helped: int = 1
    languages: list[str] = field(default_factory=list)
    duration_minutes: int | None = None
    country: str | None = None
    age_band: str = ""
    gender: str = ""
    time_in_uk: str = ""
    area: str | None = None
    needs: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    outcome: str = ""
    follow_up: bool = False
    note: str = ""

    def canonical(self) -> dict:
        values = asdict(self)
        values["date"] = self.date.isoformat()
        for name in ("languages", "needs", "actions", "services"):
            values[name] = sorted({str(item) for item in values[name]})
        values["note"] = (self.note or "").strip()
        return values

    @classmethod
    def of(cls, record: ContactRecord) -> "ContactData":
        return cls(
            date=record.date,
            channel=record.channel,
            people_helped=record.people_helped,
            languages=sorted(language.pk for language in record.languages.all()),
            duration_minutes=record.duration_minutes,
            country=record.country_id,
            age_band=record.age_band,
            gender=record.gender,
            time_in_uk=record.time_in_uk,
            area=record.area_id,
            needs=list(record.needs),
            actions=list(record.actions),
            services=list(record.services),
            outcome=record.outcome,
            follow_up=record.follow_up,
            note=record.note or "",
        )


def content_hash(*, data: ContactData, networker_id: int | None) -> str:
    """The digest of a record's content and its author: equal for a repeat, different for
    anything else sent under the same id."""
    payload = json.dumps(
        {"networker": networker_id, **data.canonical()}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def contact_fields(data: ContactData) -> dict:
    values = data.canonical()
    return {
        "date": data.date,
        "channel": values["channel"],
        "people_helped": values["people_helped"],
        "duration_minutes": values["duration_minutes"],
        "country_id": values["country"] or None,
        "age_band": values["age_band"],
        "gender": values["gender"],
        "time_in_uk": values["time_in_uk"],
        "area_id": values["area"] or None,
        "needs": values["needs"],
        "language_codes": values["languages"],
        "actions": values["actions"],
        "services": values["services"],
        "outcome": values["outcome"],
        "follow_up": values["follow_up"],
        "note": values["note"] or None,
    }


def _repeat(record: ContactRecord, digest: str) -> ContactRecord:
    if record.content_hash != digest:
        raise ContactConflict(record)
    return record


def contact_record(
    *, programme, networker, client_id: uuid.UUID, data: ContactData, recorded_by
) -> tuple[ContactRecord, bool]:
    """Store a record once. Returns (record, created): the stored record and whether this call
    made it. Raises ContactConflict if the id is taken by a different record.

    The insert comes first: the unique id refuses a repeat (a retry, or one of twenty sends at
    once), and only then is the stored record read, so a new record costs no look-up."""
    client_id = uuid.UUID(str(client_id))
    digest = content_hash(data=data, networker_id=networker.pk if networker else None)
    record = ContactRecord(
        programme=programme,
        networker=networker,
        client_id=client_id,
        content_hash=digest,
        created_by=recorded_by,
        updated_by=recorded_by,
        **contact_fields(data),
    )
    # The fields' own rules (lengths, choices) in Python; the references, the unique id and
    # the check constraints are the database's to enforce (it does, at commit), which spares
    # a query for each of them on every record.
    record.full_clean(exclude=NOT_CLEANED, validate_constraints=False)
    languages = list(dict.fromkeys(data.languages))
    try:
        if connections[router.db_for_write(ContactRecord)].vendor == "postgresql":
            _insert_in_one_statement(record, languages)
        else:
            with transaction.atomic():  # a savepoint when called inside a transaction
                record.save()
                Through = ContactRecord.languages.through
                Through.objects.bulk_create(
                    Through(contactrecord_id=record.pk, language_id=code) for code in languages
                )
    except IntegrityError:
        # Sent before, or another send of this id won the race: answer with what it stored.
        existing = ContactRecord.objects.for_programme(programme).filter(client_id=client_id)
        existing = existing.first()
        if existing is None:  # not a repeat: something else the database refused
            raise
        return _repeat(existing, digest), False
    return record, True


def _insert_in_one_statement(record: ContactRecord, languages: list[str]) -> None:
    """PostgreSQL: the record and its language links in one statement (a data-modifying
    `WITH`), atomic on its own, so a record is one round trip to the database instead of four
    (BEGIN, two inserts, COMMIT). The record's insert is the one `save()` would send (its
    fields prepared, timestamps and encryption included); no signals are sent for it."""
    using = router.db_for_write(ContactRecord)
    # Inside a transaction: in a savepoint, as `save()` would be, so a refusal undoes it alone.
    if connections[using].in_atomic_block:
        with transaction.atomic(using=using):
            return _insert_in_one_statement_now(record, languages, using)
    return _insert_in_one_statement_now(record, languages, using)


def _insert_in_one_statement_now(record: ContactRecord, languages: list[str], using) -> None:
    meta = ContactRecord._meta
    connection = connections[using]
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated]
    query = InsertQuery(ContactRecord)
    query.insert_values(fields, [record])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk]
    [(insert, params)] = compiler.as_sql()
    Through = ContactRecord.languages.through
    qn = connection.ops.quote_name
    pk = qn(meta.pk.column)
    # Names from the models and the insert Django compiled; the values are all parameters.
    statement = (
        f"WITH new AS ({insert}), links AS ("  # noqa: S608
        f"INSERT INTO {qn(Through._meta.db_table)} "
        f"({qn('contactrecord_id')}, {qn('language_id')}) "
        f"SELECT new.{pk}, code FROM new, unnest(%s::text[]) AS code"
        f") SELECT {pk} FROM new"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, languages))
        record.pk = cursor.fetchone()[0]
    record._state.adding = False
    record._state.db = using


NOT_CLEANED = [
    "languages", "content_hash", "client_id", "programme", "networker", "created_by",
    "updated_by", "area", "country",
]  # fmt: skip


def _display(name: str, value):
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def contact_correct(*, record: ContactRecord, data: ContactData, corrected_by) -> bool:
    """Correct a record, keeping what changed as a revision. Returns False if nothing did."""
    before = ContactData.of(record).canonical()
    after = data.canonical()
    changes = {}
    for name, old in before.items():
        new = after[name]
        if old == new:
            continue
        if name == "note":  # the words stay encrypted in the record alone
            changes[name] = {"changed": True}
        else:
            changes[name] = {"from": _display(name, old), "to": _display(name, new)}
    if not changes:
        return False
    for name, value in contact_fields(data).items():
        setattr(record, name, value)
    record.updated_by = corrected_by
    record.full_clean(exclude=["languages", "content_hash", "client_id"])
    record.save()
    if "languages" in changes:
        record.languages.set(data.languages)
    ContactRecordRevision.objects.create(record=record, changed_by=corrected_by, changes=changes)
    return True
