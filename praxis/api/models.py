"""Personal access tokens: a member's key to the API, named, scoped, shown once and stored only as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

TOKEN_PREFIX = "prx_"


class AccessToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("member"))
    name = models.CharField(_("name"), max_length=80)
    scopes = models.JSONField(_("scopes"), default=list)
    # SHA-256 of the whole token: 256 random bits need no slow hash, and a lookup stays one indexed equality.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, to tell the member's tokens apart on their page (never enough to use one).
    hint = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class InstitutionClient(models.Model):
    """An OAuth2 application of an institution's own system (client credentials): it acts for that institution only,
    with the standing its registering admin has there (`rules.institution_system_actor`)."""

    application = models.OneToOneField(oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE,
                                       related_name="institution_binding")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="api_clients",
                                    verbose_name=_("institution"))
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("institution API client")
        verbose_name_plural = _("institution API clients")

    def __str__(self) -> str:
        return f"{self.application} → {self.institution}"
