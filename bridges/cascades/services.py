"""Writes of key-message cascades: messages, reach reports (each stored once, with the cascade
view's summary kept up to date), question groups and their answers."""

import hashlib
import json
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.core.notify import Addressee, notification_send

from .models import KeyMessage, QuestionGroup, ReachReport, ReachSummary


class ReportConflict(Exception):
    """A report with this client id exists with different content."""

    message = _(
        "A different report was already sent with this identifier. Nothing was changed: "
        "start a new report."
    )

    def __init__(self, report: ReachReport):
        super().__init__(str(self.message))
        self.report = report


# --- Key messages -------------------------------------------------------------------------


@dataclass
class MessageData:
    title: str
    text: str
    short_text: str
    source_language: str
    languages: list[str]
    communities: list[int]
    starts_on: date
    ends_on: date
    checked_on: date | None = None


@transaction.atomic
def message_save(*, programme, data: MessageData, by, message: KeyMessage | None = None):
    """Create a key message, or change `message`. Returns the message."""
    if message is None:
        message = KeyMessage(programme=programme, created_by=by)
    message.title = data.title.strip()
    message.text = data.text.strip()
    message.short_text = data.short_text.strip()
    message.source_language_id = data.source_language
    message.starts_on = data.starts_on
    message.ends_on = data.ends_on
    message.checked_on = data.checked_on
    message.updated_by = by
    message.full_clean(exclude=["languages", "communities"])
    message.save()
    message.languages.set(data.languages)
    message.communities.set(data.communities)
    return message


@transaction.atomic
def message_delete(*, message: KeyMessage) -> None:
    """Delete a message with its reports, questions and summary rows."""
    ReachSummary.objects.filter(message=message).delete()
    message.delete()


# --- Reach reports --------------------------------------------------------------------------


@dataclass
class ReachData:
    """What a networker reports, in plain values (ids and codes)."""

    date: date
    channel: str
    language: str
    people_reached: int
    community: int | None = None
    area: str | None = None
    question: str = ""

    def canonical(self) -> dict:
        values = asdict(self)
        values["date"] = self.date.isoformat()
        values["question"] = " ".join((self.question or "").split())
        values["community"] = self.community or None
        values["area"] = self.area or None
        return values


def content_hash(*, message_id: int, data: ReachData, networker_id: int | None) -> str:
    payload = json.dumps(
        {"message": message_id, "networker": networker_id, **data.canonical()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def question_key(text: str) -> str:
    """Alike questions meet: lower case, one space between words, no end punctuation."""
    words = " ".join(text.casefold().split())
    return re.sub(r"[\s?？؟!.。…]+$", "", words)[:500]


def summary_values(report: ReachReport) -> dict[str, str]:
    """The summary rows a report adds to: one value per dimension."""
    return {
        ReachSummary.Dimension.LANGUAGE: report.language_id,
        ReachSummary.Dimension.COMMUNITY: str(report.community_id or ""),
        ReachSummary.Dimension.AREA: report.area_id or "",
        ReachSummary.Dimension.CHANNEL: report.channel,
    }


def _summary_add(report: ReachReport) -> None:
    """Add a report to its four summary rows: one UPDATE when they exist; the missing ones
    are made (a row made at the same moment by another report is added to instead)."""
    month = report.date.replace(day=1)
    values = summary_values(report)
    people = report.people_reached
    rows = ReachSummary.objects.filter(message_id=report.message_id, month=month)
    matching = Q()
    for dimension, value in values.items():
        matching |= Q(dimension=dimension, value=value)
    if rows.filter(matching).update(reports=F("reports") + 1, people=F("people") + people) == 4:
        return
    found = set(rows.filter(matching).values_list("dimension", "value"))
    for dimension, value in values.items():
        if (dimension, value) in found:
            continue
        try:
            with transaction.atomic():
                ReachSummary.objects.create(
                    programme_id=report.programme_id,
                    message_id=report.message_id,
                    month=month,
                    dimension=dimension,
                    value=value,
                    reports=1,
                    people=people,
                )
        except IntegrityError:  # made by a report stored at the same moment: add to it
            rows.filter(dimension=dimension, value=value).update(
                reports=F("reports") + 1, people=F("people") + people
            )


def _question_group(report: ReachReport, *, by) -> QuestionGroup | None:
    text = " ".join(report.question.split())
    if not text:
        return None
    key = question_key(text)
    found = QuestionGroup.objects.filter(message_id=report.message_id, key=key).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return QuestionGroup.objects.create(
                programme_id=report.programme_id,
                message_id=report.message_id,
                summary=text,
                key=key,
                created_by=by,
                updated_by=by,
            )
    except IntegrityError:
        return QuestionGroup.objects.get(message_id=report.message_id, key=key)


NOT_CLEANED = [
    "programme", "message", "networker", "client_id", "content_hash", "language", "community",
    "area", "question_group", "created_by",
]  # fmt: skip


@transaction.atomic
def reach_report(
    *, message: KeyMessage, networker, client_id, data: ReachData, recorded_by
) -> tuple[ReachReport, bool]:
    """Store a report once. Returns (report, created). A repeat of the same report (a retry
    from the phone, a form sent twice) answers with the stored one; a different report under
    the same id raises ReportConflict. Adds the report to the cascade view's summary and its
    question to the message's questions."""
    client_id = uuid.UUID(str(client_id))
    values = data.canonical()
    digest = content_hash(
        message_id=message.pk, data=data, networker_id=networker.pk if networker else None
    )
    report = ReachReport(
        programme_id=message.programme_id,
        message=message,
        networker=networker,
        client_id=client_id,
        content_hash=digest,
        date=data.date,
        channel=values["channel"],
        language_id=values["language"],
        community_id=values["community"],
        area_id=values["area"],
        people_reached=values["people_reached"],
        question=values["question"],
        created_by=recorded_by,
    )
    report.full_clean(exclude=NOT_CLEANED, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        existing = ReachReport.objects.filter(
            programme_id=message.programme_id, client_id=client_id
        ).first()
        if existing is None:
            raise
        if existing.content_hash != digest:
            raise ReportConflict(existing) from None
        return existing, False
    group = _question_group(report, by=recorded_by)
    if group is not None:
        report.question_group = group
        report.save(update_fields=["question_group"])
    _summary_add(report)
    return report, True


@transaction.atomic
def summary_rebuild(*, programme=None) -> int:
    """Recount the cascade view's summary from the reports (all programmes, or one): one
    grouped query per dimension, the months added up here. Returns the number of rows."""
    reports = ReachReport.objects.all()
    rows = ReachSummary.objects.all()
    if programme is not None:
        reports = reports.for_programme(programme)
        rows = rows.for_programme(programme)
    rows.delete()
    columns = {
        ReachSummary.Dimension.LANGUAGE: "language_id",
        ReachSummary.Dimension.COMMUNITY: "community_id",
        ReachSummary.Dimension.AREA: "area_id",
        ReachSummary.Dimension.CHANNEL: "channel",
    }
    totals: dict[tuple, ReachSummary] = {}
    for dimension, column in columns.items():
        grouped = (
            reports.order_by()
            .values("programme_id", "message_id", "date", column)
            .annotate(n=Count("pk"), people=Sum("people_reached"))
        )
        for row in grouped.iterator(chunk_size=5000):
            month = row["date"].replace(day=1)
            value = str(row[column] or "")
            key = (row["message_id"], month, dimension, value)
            found = totals.get(key)
            if found is None:
                found = totals[key] = ReachSummary(
                    programme_id=row["programme_id"],
                    message_id=row["message_id"],
                    month=month,
                    dimension=dimension,
                    value=value,
                    reports=0,
                    people=0,
                )
            found.reports += row["n"]
            found.people += row["people"] or 0
    ReachSummary.objects.bulk_create(totals.values(), batch_size=2000)
    return len(totals)


# --- Questions ------------------------------------------------------------------------------


@transaction.atomic
def question_answer(*, group: QuestionGroup, answer: str, by) -> int:
    """Answer a group of questions and send the answer to each networker who reported one of
    them, in the networker's language. Returns how many were told (an unchanged answer is
    sent to nobody again)."""
    answer = answer.strip()
    if answer == group.answer:
        return 0
    group.answer = answer
    group.answered_at = timezone.now()
    group.answered_by = by
    group.updated_by = by
    group.full_clean()
    group.save()
    version = hashlib.sha256(answer.encode()).hexdigest()[:16]
    users = {}
    for report in group.reports.select_related("networker__user").exclude(networker=None):
        user = report.networker.user
        if user is not None and user.is_active:
            users[user.pk] = user
    link = settings.SITE_URL + reverse("cascades:mine", args=[group.programme.slug])
    told = 0
    for user in users.values():
        if notification_send(
            kind="cascades.answer",
            key=f"question:{group.pk}:{user.pk}:{version}",
            addressee=Addressee(to=[user.email], language=user.preferred_language),
            context={
                "programme_name": group.programme.name,
                "message_title": group.message.title,
                "question": group.summary,
                "answer": answer,
                "link": link,
            },
        ):
            told += 1
    return told


@transaction.atomic
def question_merge(*, group: QuestionGroup, into: QuestionGroup, by) -> QuestionGroup:
    """Put one group's questions into another of the same message, and remove the first."""
    if group.pk == into.pk or group.message_id != into.message_id:
        raise ValueError("groups of one message only")
    group.reports.update(question_group=into)
    into.updated_by = by
    into.save(update_fields=["updated_by", "updated_at"])
    group.delete()
    return into
