"""The text of initiatives and events that people may translate, as segments.

Titles and descriptions are plain fields for now. The translation workflow reads content
through functions like these (one per kind of record): each returns the record's translatable
segments in order, keyed so a translation can be matched to its source and marked out of date
when the source changes.
"""

from dataclasses import dataclass

from .models import Event, Initiative


@dataclass(frozen=True)
class Segment:
    key: str  # the field it comes from
    text: str
    multiline: bool = False


def event_segments(event: Event) -> list[Segment]:
    segments = [Segment("title", event.title)]
    if event.description.strip():
        segments.append(Segment("description", event.description, multiline=True))
    return segments


def initiative_segments(initiative: Initiative) -> list[Segment]:
    segments = [
        Segment("name", initiative.name),
        Segment("purpose", initiative.purpose, multiline=True),
    ]
    if initiative.activities.strip():
        segments.append(Segment("activities", initiative.activities, multiline=True))
    if initiative.schedule_notes.strip():
        segments.append(Segment("schedule_notes", initiative.schedule_notes))
    return segments
