import datetime
import io
import time

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bridges.accounts.models import AuditEvent
from bridges.core.exports import XLSX_TYPE
from bridges.core.models import Area
from bridges.networkers.forms import STARTED_SALT, ApplicationForm
from bridges.networkers.models import Networker

from .factories import NetworkerFactory, community, dbs, language, speaks, vetted, ward

Stage = Networker.Stage


@pytest.fixture
def leeds_programme(programme):
    ward("E05011400", "Harehills")
    ward("E05011401", "Gipton")
    programme.local_authority = Area.objects.get(code="E08000035")
    programme.save()
    language("ar", "Arabic", "العربية", rtl=True)
    language("en", "English")
    language("ti", "Tigrinya", "ትግርኛ")
    return programme


def application(**overrides):
    initial = ApplicationForm.fresh_initial()
    past = timezone.now().timestamp() - 60
    data = {
        "token": str(initial["token"]),
        "started": signing.dumps(past, salt=STARTED_SALT),
        "display_name": "Selam Tesfay",
        "email": "selam@example.org",
        "phone": "",
        "preferred_contact": "email",
        "communities": "Eritrean community, St Mary's church",
        "areas": ["E05011400"],
        "skills": "Nursing",
        "lived_experience": "Arrived in 2019",
        "interests": ["support", "translation"],
        "availability_days": ["sat"],
        "availability_times": ["morning"],
        "consent": "on",
        "website": "",
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "ti",
        "lang-0-level": "native",
        "lang-1-language": "ar",
        "lang-1-level": "conversational",
        "lang-2-language": "",
        "lang-2-level": "",
    }
    data.update(overrides)
    return data


def join_url(programme, lang="en"):
    return f"/{lang}/networkers/join/{programme.slug}/"


@pytest.mark.django_db
def test_the_form_is_public_and_right_to_left_in_arabic(client, leeds_programme):
    response = client.get(join_url(leeds_programme, "ar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "Harehills" in html and "ትግርኛ" in html


@pytest.mark.django_db
def test_a_person_applies_and_a_resent_form_makes_one_application(client, leeds_programme):
    data = application()
    response = client.post(join_url(leeds_programme), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    again = client.post(join_url(leeds_programme), data)
    assert again.status_code == 302
    networker = Networker.objects.get()
    assert networker.display_name == "Selam Tesfay"
    assert networker.stage == Stage.APPLIED
    assert [a.name for a in networker.areas.all()] == ["Harehills"]
    assert networker.interests == ["support", "translation"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_honeypot_or_a_too_quick_form_stores_nothing(client, leeds_programme):
    response = client.post(join_url(leeds_programme), application(website="http://spam.example"))
    assert response.status_code == 302
    quick = application(started=signing.dumps(time.time(), salt=STARTED_SALT))
    response = client.post(join_url(leeds_programme), quick)
    assert response.status_code == 200
    assert "very quick" in response.content.decode()
    assert not Networker.objects.exists()


@pytest.mark.django_db
def test_errors_are_clear_and_in_the_persons_language(client, leeds_programme):
    data = application(
        display_name="",
        email="",
        consent="",
        **{"lang-0-language": "", "lang-0-level": "", "lang-1-language": "", "lang-1-level": ""},
    )
    response = client.post(join_url(leeds_programme), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Tell us at least one language you speak." in html
    assert "Tick the box to agree" in html
    arabic = client.post(join_url(leeds_programme, "ar"), data).content.decode()
    # Django's bare "This field is required." (هذا الحقل مطلوب) never shows: the message names
    # the field, by its Arabic label.
    assert "هذا الحقل مطلوب" not in arabic
    assert "error-summary" in arabic
    assert "There is a problem" not in arabic


@pytest.mark.django_db
def test_a_language_without_a_level_is_an_error(client, leeds_programme):
    response = client.post(join_url(leeds_programme), application(**{"lang-0-level": ""}))
    assert "Choose how well you speak this language." in response.content.decode()


def _make_people(programme, count, start=0):
    harehills = ward("E05011400", "Harehills")
    eritrean = community(programme, "Eritrean community")
    for i in range(start, start + count):
        n = NetworkerFactory(
            programme=programme,
            display_name=f"Person {i:03}",
            stage=[Stage.APPLIED, Stage.TRAINING, Stage.ACTIVE][i % 3],
        )
        speaks(n, ["ar", "ti", "pl", "fa"][i % 4])
        speaks(n, "en", "fluent")
        n.communities.add(eritrean)
        n.areas.add(harehills)
        if i % 2:
            dbs(n)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_board_and_overview_take_the_same_queries_for_few_or_many(
    client, leeds_programme, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    board = reverse("networkers:board", kwargs={"programme": leeds_programme.slug})
    overview = reverse("networkers:overview", kwargs={"programme": leeds_programme.slug})
    filtered = f"{board}?stage=active&language=en&area=E05011400"
    _make_people(leeds_programme, 3)
    client.get(board)  # the first request of a session writes the session: not what we measure
    small = [_queries(client, url) for url in (board, overview, filtered)]
    _make_people(leeds_programme, 60, start=3)
    large = [_queries(client, url) for url in (board, overview, filtered)]
    assert small == large
    with django_assert_max_num_queries(20):
        client.get(board)
    with django_assert_max_num_queries(20):
        client.get(overview)


@pytest.mark.django_db
def test_the_board_filters_counts_and_shows_what_is_missing(client, leeds_programme, coordinator):
    _make_people(leeds_programme, 12)
    client.force_login(coordinator)
    url = reverse("networkers:board", kwargs={"programme": leeds_programme.slug})
    response = client.get(url, {"stage": "active", "language": "ti"})
    html = response.content.decode()
    # 12 people: active are 2,5,8,11; speaking Tigrinya are 1,5,9.
    assert "Person 005" in html and "Person 002" not in html and "Person 001" not in html
    assert "Ready" in html  # person 5 has a DBS check
    response = client.get(url, {"stage": "training"})
    assert "DBS check" in response.content.decode()  # person 4 lacks one
    counts = {s["value"]: s["count"] for s in response.context["stage_links"]}
    assert counts["applied"] == 4 and counts["training"] == 4 and counts["active"] == 4


@pytest.mark.django_db
def test_the_board_downloads_as_csv_and_the_export_is_audited(client, leeds_programme, coordinator):
    _make_people(leeds_programme, 4)
    NetworkerFactory(programme=leeds_programme, display_name="=HYPERLINK(1)")
    client.force_login(coordinator)
    url = reverse("networkers:board", kwargs={"programme": leeds_programme.slug})
    response = client.get(url, {"format": "csv", "stage": "applied"})
    body = response.content.decode()
    assert ",'=HYPERLINK(1)," in body  # a spreadsheet shows it as text, never runs it
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("id,name,stage")
    assert "Person 000" in body and "Person 001" not in body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.django_db
def test_the_board_downloads_as_xlsx_with_text_cells(client, leeds_programme, coordinator):
    NetworkerFactory(programme=leeds_programme, display_name="=HYPERLINK(1)")
    client.force_login(coordinator)
    url = reverse("networkers:board", kwargs={"programme": leeds_programme.slug})
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"] == XLSX_TYPE
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    assert [cell.value for cell in rows[0]][:3] == ["id", "name", "stage"]
    name = rows[1][1]
    assert name.value == "=HYPERLINK(1)" and name.data_type == "s"  # text, not a formula
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.django_db
def test_the_overview_headline_is_computed_live(client, leeds_programme, coordinator):
    _make_people(leeds_programme, 12)
    today = timezone.localdate()
    due = NetworkerFactory(programme=leeds_programme, stage=Stage.ACTIVE)
    dbs(
        due,
        checked_on=today - datetime.timedelta(days=1000),
        renewal_due=today + datetime.timedelta(days=20),
    )
    client.force_login(coordinator)
    response = client.get(
        reverse("networkers:overview", kwargs={"programme": leeds_programme.slug})
    )
    figures = response.context["figures"]
    assert figures["active"] == 5
    # The active people (2, 5, 8, 11) speak pl, ti, ar, fa and all speak English.
    assert figures["language_count"] == 5
    assert figures["renewals_due"] == 1
    assert "5 active networkers · 5 languages spoken" in response.content.decode()


@pytest.mark.django_db
def test_a_coordinator_moves_records_dbs_and_edits(client, leeds_programme, coordinator):
    networker = vetted(NetworkerFactory(programme=leeds_programme, stage=Stage.TRAINING))
    speaks(networker, "ar")
    client.force_login(coordinator)
    kwargs = {"programme": leeds_programme.slug, "pk": networker.pk}
    response = client.post(reverse("networkers:move", kwargs=kwargs), {"to_stage": "active"})
    assert response.status_code == 200
    assert "DBS check" in response.content.decode()
    response = client.post(
        reverse("networkers:dbs_record", kwargs=kwargs),
        {
            "level": "enhanced",
            # A recent check, so it is current whenever the test runs (checks last three years).
            "checked_on": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
            "confirm_seen": "on",
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("networkers:move", kwargs=kwargs), {"to_stage": "active"})
    assert response.status_code == 302
    networker.refresh_from_db()
    assert networker.stage == Stage.ACTIVE
    detail = client.get(reverse("networkers:detail", kwargs=kwargs))
    assert "Enhanced" in detail.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_DATA_VIEWED).exists()
    edit = client.get(reverse("networkers:edit", kwargs=kwargs))
    assert edit.status_code == 200
    data = {
        "display_name": "New Name",
        "email": "new@example.org",
        "phone": "",
        "preferred_contact": "email",
        "communities": "Somali community",
        "areas": ["E05011401"],
        "skills": "",
        "lived_experience": "",
        "hours_given": "12.5",
        "lang-TOTAL_FORMS": "2",
        "lang-INITIAL_FORMS": "1",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "ar",
        "lang-0-level": "native",
        "lang-1-language": "",
        "lang-1-level": "",
    }
    response = client.post(reverse("networkers:edit", kwargs=kwargs), data)
    assert response.status_code == 302
    networker.refresh_from_db()
    assert networker.display_name == "New Name" and str(networker.hours_given) == "12.5"
    assert [c.name for c in networker.communities.all()] == ["Somali community"]


@pytest.mark.django_db
def test_a_networker_sees_and_edits_only_their_own_profile(client, leeds_programme, networker):
    mine = NetworkerFactory(programme=leeds_programme, user=networker, stage=Stage.ACTIVE)
    other = NetworkerFactory(programme=leeds_programme, display_name="Someone Else")
    client.force_login(networker)
    url = reverse("networkers:my_profile", kwargs={"programme": leeds_programme.slug})
    html = client.get(url).content.decode()
    assert mine.display_name in html and "Someone Else" not in html
    assert (
        client.get(
            reverse("networkers:detail", kwargs={"programme": leeds_programme.slug, "pk": other.pk})
        ).status_code
        == 403
    )
    data = {
        "display_name": mine.display_name,
        "email": "me@example.org",
        "phone": "",
        "preferred_contact": "email",
        "communities": "",
        "skills": "Driving",
        "lived_experience": "",
        "hours_given": "999",  # ignored: not theirs to change
        "lang-TOTAL_FORMS": "1",
        "lang-INITIAL_FORMS": "0",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "ar",
        "lang-0-level": "fluent",
    }
    response = client.post(
        reverse("networkers:my_profile_edit", kwargs={"programme": leeds_programme.slug}), data
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.skills == "Driving" and mine.hours_given == 0


@pytest.mark.django_db
def test_renewals_list_shows_due_and_lapsed_but_not_other_programmes(
    client, leeds_programme, other_programme, coordinator
):
    today = timezone.localdate()
    due = NetworkerFactory(programme=leeds_programme, display_name="Due Soon", stage=Stage.ACTIVE)
    dbs(
        due,
        checked_on=today - datetime.timedelta(days=1000),
        renewal_due=today + datetime.timedelta(days=30),
    )
    lapsed = NetworkerFactory(
        programme=leeds_programme, display_name="Lapsed One", stage=Stage.PAUSED
    )
    dbs(
        lapsed,
        checked_on=today - datetime.timedelta(days=1200),
        renewal_due=today - datetime.timedelta(days=3),
    )
    far = NetworkerFactory(programme=leeds_programme, display_name="Far Away", stage=Stage.ACTIVE)
    dbs(far)
    elsewhere = NetworkerFactory(programme=other_programme, display_name="Elsewhere Person")
    dbs(
        elsewhere,
        checked_on=today - datetime.timedelta(days=1000),
        renewal_due=today + datetime.timedelta(days=30),
    )
    client.force_login(coordinator)
    html = client.get(
        reverse("networkers:renewals", kwargs={"programme": leeds_programme.slug})
    ).content.decode()
    assert "Due Soon" in html and "Lapsed One" in html and "lapsed" in html
    assert "Far Away" not in html and "Elsewhere Person" not in html


@pytest.mark.django_db
def test_a_coordinator_cannot_open_another_programmes_networker(client, leeds_programme, outsider):
    networker = NetworkerFactory(programme=leeds_programme)
    client.force_login(outsider)
    url = reverse(
        "networkers:detail",
        kwargs={"programme": outsider.memberships.get().programme.slug, "pk": networker.pk},
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_the_application_form_is_translated_in_every_interface_language(
    client, leeds_programme, code
):
    response = client.get(join_url(leeds_programme, code))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{code}"' in html
    assert "Become a networker" not in html
    assert "Send my application" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "months"), [(365, "12 months"), (730, "24 months"), (30, "1 month")]
)
def test_the_consent_text_follows_the_retention_setting(
    client, leeds_programme, settings, days, months
):
    settings.NETWORKERS_APPLICATION_RETENTION_DAYS = days
    html = client.get(join_url(leeds_programme)).content.decode()
    assert f"We keep an application for {months}." in html
