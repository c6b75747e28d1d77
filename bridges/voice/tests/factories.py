import uuid

from bridges.voice import services
from bridges.voice.models import Urgency


def raise_issue(programme, user, summary="Families cannot register with a GP", **fields):
    data = services.IssueData(
        summary=summary,
        service_area=fields.pop("service_area", "health"),
        people_affected=fields.pop("people_affected", 12),
        urgency=fields.pop("urgency", Urgency.MEDIUM),
        evidence=fields.pop("evidence", "Several families were turned away this month."),
        detail=fields.pop("detail", ""),
        language=fields.pop("language", "en"),
        communities=fields.pop("communities", []),
        areas=fields.pop("areas", []),
    )
    issue, _created = services.issue_raise(
        programme=programme, raised_by=user, client_id=uuid.uuid4(), data=data
    )
    return issue
