"""The roles a person can hold in a programme, and which of them count as staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    NETWORKER = "networker", _("Networker")
    PROVIDER = "provider", _("Service provider staff")
    SAFEGUARDING = "safeguarding", _("Safeguarding lead")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Platform admin")


# Every role but the volunteer networker must use a second factor before seeing any data.
STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.PROVIDER, Role.SAFEGUARDING, Role.ANALYST, Role.ADMIN}
)
