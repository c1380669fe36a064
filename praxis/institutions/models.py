from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """A hospital, home-care service, association... with its own verified account and staff."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        CLINIC = "clinic", _("Clinic")
        NURSING_HOME = "nursing_home", _("Nursing home")
        HOME_CARE = "home_care", _("Home-care service")
        MEDICAL_HOUSE = "medical_house", _("Medical house / group practice")
        MENTAL_HEALTH = "mental_health", _("Mental-health service")
        ASSOCIATION = "association", _("Association")
        PUBLIC_SERVICE = "public_service", _("Public service")
        SCHOOL = "school", _("University / school")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on Praxis"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.OTHER)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstitutionMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        STAFF = "staff", _("staff")
        TRAINER = "trainer", _("trainer")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACTIVE = "active", _("active")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.STAFF)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")
        constraints = [models.UniqueConstraint(fields=["institution", "user"], name="institution_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution} ({self.role})"
