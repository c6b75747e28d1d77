import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# gunicorn runs no system checks: say at once if the database cannot be written.
from bridges.core.checks import report_storage_problems  # noqa: E402

report_storage_problems()
