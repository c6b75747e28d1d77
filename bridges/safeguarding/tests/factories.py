from datetime import date

from bridges.safeguarding.models import Concern


def make_concern(programme, *, raised_by=None, **fields) -> Concern:
    values = {
        "about": Concern.About.ADULT,
        "what_happened": "Generic test concern",
        "happened_on": date(2026, 1, 5),
        "immediate_risk": False,
        **fields,
    }
    return Concern.objects.create(programme=programme, raised_by=raised_by, **values)
