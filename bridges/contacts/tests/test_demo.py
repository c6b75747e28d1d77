import random

import pytest
from django.db.models import Count

from bridges.accounts import demo as accounts_demo
from bridges.contacts import demo
from bridges.contacts.models import ContactRecord
from bridges.core.demo import DemoContext
from bridges.networkers import demo as networkers_demo
from bridges.networkers.models import Networker, NetworkerLanguage
from bridges.networkers.tests.factories import language, ward


@pytest.mark.django_db
def test_the_demo_year_is_logged_by_active_networkers_in_their_languages(settings):
    settings.CONTACTS_DEMO_RECORDS = 1500
    for code in [*networkers_demo.LANGUAGE_COMMUNITIES, "en"]:
        language(code)
    for number in range(6):
        ward(f"E0501{number:04d}", f"Ward {number}")
    context = DemoContext(seed=7, rng=random.Random(7))
    accounts_demo.seed(context)
    networkers_demo.seed(context)
    demo.seed(context)

    records = ContactRecord.objects.all()
    assert abs(records.count() - 1500) <= 1
    assert set(records.values_list("networker__stage", flat=True)) == {Networker.Stage.ACTIVE}
    # Weekdays are busier than Sundays (Django: 1 is Sunday, 2 is Monday).
    by_day = dict(
        records.values_list("date__week_day")
        .annotate(n=Count("pk"))
        .values_list("date__week_day", "n")
    )
    assert by_day[2] > 2 * by_day[1]
    # Each record is in a language its networker speaks.
    spoken = set(NetworkerLanguage.objects.values_list("networker_id", "language_id"))
    used = ContactRecord.languages.through.objects.values_list(
        "contactrecord__networker_id", "language_id"
    )
    assert set(used) <= spoken
