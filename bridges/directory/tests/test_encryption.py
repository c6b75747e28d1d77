"""What a member of the public types into a "this listing is wrong" report is ciphertext in
the database, and still shown to the people who resolve it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from bridges.core.tests.rawdb import is_fernet_token, raw_column, tables_containing
from bridges.directory.models import ListingReport

from .factories import make_service

EMAIL = "reporter-hidden@example.org"
DETAILS = "My neighbour Mrs Okafor was turned away on Tuesday"


@pytest.mark.django_db
def test_report_fields_are_ciphertext_in_the_database_and_shown_to_the_coordinator(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    service = make_service(programme, name="Canal Street Surgery")
    data = {"problem": "other", "details": DETAILS, "reporter_email": EMAIL, "token": "tok-9"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory_public:report", args=[service.pk]), data)
    assert response.status_code == 302
    report = ListingReport.objects.get(service=service)
    for field, plain in [("details", DETAILS), ("reporter_email", EMAIL)]:
        stored = raw_column(report, field)
        assert is_fernet_token(stored) and plain not in stored
    # The email to the coordinators has gone, and its text with it: nowhere in the database.
    assert tables_containing("Okafor") == {}
    assert tables_containing(EMAIL) == {}

    client.force_login(coordinator)
    page = client.get(
        reverse("directory:report_detail", args=[programme.slug, report.pk])
    ).content.decode()
    assert DETAILS in page and EMAIL in page


@pytest.mark.django_db
def test_a_report_without_email_or_details_stores_null(programme):
    service = make_service(programme)
    report = ListingReport.objects.create(
        programme=programme, service=service, problem="closed", token="t-empty"
    )
    assert raw_column(report, "reporter_email") is None
    assert raw_column(report, "details") is None


BEFORE = [("directory", "0008_search_terms_unique_per_programme")]
AFTER = [("directory", "0009_encrypt_listing_report_reporter")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_reports_and_reverses(programme):
    service = make_service(programme)
    old = _migrate(BEFORE)
    report = old.get_model("directory", "ListingReport").objects.create(
        programme_id=programme.pk,
        service_id=service.pk,
        problem="other",
        details=DETAILS,
        reporter_email="",
        token="t-old",
    )
    assert raw_column(report, "details") == DETAILS
    try:
        new = _migrate(AFTER)
        stored = raw_column(report, "details")
        assert is_fernet_token(stored) and DETAILS not in stored
        assert raw_column(report, "reporter_email") is None
        assert new.get_model("directory", "ListingReport").objects.get(pk=report.pk).details == (
            DETAILS
        )
        _migrate(BEFORE)
        assert raw_column(report, "details") == DETAILS
        assert raw_column(report, "reporter_email") == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
