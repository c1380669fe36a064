from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Community(models.Model):
    """A community of practice (CdP): a local or thematic group run by facilitators."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on Praxis"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommunityMembership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("facilitator")
        MEMBER = "member", _("member")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="community_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community} ({self.role})"
