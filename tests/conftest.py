"""Suite-wide test plumbing."""


def pytest_collection_modifyitems(config, items):
    """Tests that run against the live server (browser tests) or otherwise need real
    transactions empty the database afterwards, which would also remove the rows that data
    migrations put there (for example the directory's taxonomy) for every later test in the
    same process. Serialized rollback restores them after each such test."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "django_db_serialized_rollback" in names:
            continue
        if "live_server" in names or "transactional_db" in names:
            names.append("django_db_serialized_rollback")
