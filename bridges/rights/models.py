"""What the app stores: a record of each erasure, naming who did it, when and why, and which
records it touched (by id), never the person's details."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.accounts.models import Programme
from bridges.accounts.scoping import ProgrammeOwned


class ErasureRecord(ProgrammeOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    erased_at = models.DateTimeField(_("erased"), default=timezone.now, db_index=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept if the account is later deleted.
    erased_by_label = models.CharField(_("erased by"), max_length=254)
    # Why (the person's request, a reference to it). The form asks for no personal details.
    reason = models.CharField(_("reason"), max_length=500)
    # The records erased and those kept under a legal hold, as "referral:12" and so on.
    erased = models.JSONField(_("records erased"), default=list)
    held = models.JSONField(_("records kept under a legal hold"), default=list)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"erasure {self.pk} {self.erased_at:%Y-%m-%d}"
