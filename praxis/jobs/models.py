"""Job offers posted by verified institutions, saved searches and the alerts they send."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Profession

from .regions import REGIONS


class JobOffer(models.Model):
    class Contract(models.TextChoices):
        PERMANENT = "permanent", _("Permanent contract (CDI)")
        FIXED_TERM = "fixed_term", _("Fixed-term contract (CDD)")
        REPLACEMENT = "replacement", _("Replacement")
        SELF_EMPLOYED = "self_employed", _("Self-employed / independent")
        INTERNSHIP = "internship", _("Internship or training post")

    class WorkingTime(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        FLEXIBLE = "flexible", _("To be agreed")

    class ApplyMethod(models.TextChoices):
        LINK = "link", _("External link")
        EMAIL = "email", _("Email")
        MESSAGE = "message", _("Message through Praxis")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="job_offers",
                                    verbose_name=_("institution"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    professions = models.JSONField(_("professions"), default=list)
    contract = models.CharField(_("contract"), max_length=15, choices=Contract)
    working_time = models.CharField(_("working time"), max_length=10, choices=WorkingTime)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2, choices=Country, default=Country.BE)
    region = models.CharField(_("region"), max_length=10, choices=REGIONS, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=10000)
    apply_method = models.CharField(_("how to apply"), max_length=10, choices=ApplyMethod, default=ApplyMethod.MESSAGE)
    apply_url = models.URLField(_("application link"), blank=True)
    apply_email = models.EmailField(_("application email"), blank=True)
    closing_date = models.DateField(_("closing date"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.apply_method == self.ApplyMethod.LINK and not self.apply_url:
            errors["apply_url"] = _("Give the link where candidates apply.")
        if self.apply_url and not self.apply_url.lower().startswith("https://"):
            errors["apply_url"] = _("The application link must start with https://.")
        if self.apply_method == self.ApplyMethod.EMAIL and not self.apply_email:
            errors["apply_email"] = _("Give the address candidates write to.")
        if self.closing_date and self.pk is None and self.closing_date < timezone.localdate():
            errors["closing_date"] = _("The closing date is already past.")
        if not self.professions:
            errors["professions"] = _("Choose at least one profession.")
        if errors:
            raise ValidationError(errors)

    @property
    def profession_labels(self) -> list[str]:
        labels = dict(Profession.choices)
        return [str(labels.get(p, p)) for p in self.professions]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.closing_date >= timezone.localdate()


class JobMessage(models.Model):
    """A candidate's message to the institution, when the offer asks to apply through Praxis."""

    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_messages")
    body = models.TextField(_("message"), max_length=5000)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to the institution")
        verbose_name_plural = _("messages to institutions")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.sender} → {self.offer}"


class SavedSearch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_job_searches")
    name = models.CharField(_("name"), max_length=100)
    filters = models.JSONField(default=dict, blank=True)  # the search form's cleaned, JSON-able values
    created_at = models.DateTimeField(auto_now_add=True)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def describe(self) -> list[str]:
        """The filters in words, for the list of alerts."""
        labels = []
        f = self.filters
        if f.get("profession"):
            labels.append(str(dict(Profession.choices).get(f["profession"], f["profession"])))
        if f.get("contract"):
            labels.append(str(dict(JobOffer.Contract.choices).get(f["contract"], f["contract"])))
        if f.get("region"):
            labels.append(str(dict(REGIONS).get(f["region"], f["region"])))
        if f.get("near"):
            labels.append(_("within %(km)s km of %(place)s") % {"km": f.get("radius_km", 30), "place": f["near"]})
        return labels or [str(_("every offer"))]


class AlertDelivery(models.Model):
    """An offer already sent to a saved search: each offer is alerted once per saved search."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="deliveries")
    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["saved_search", "offer"], name="alert_once_per_offer")]

    def __str__(self) -> str:
        return f"{self.saved_search_id} · {self.offer_id}"
