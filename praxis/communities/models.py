"""Communities of practice: the group, its members, who asked to join and who was invited.

A `CommunityMembership` row means an active member (the actor, content visibility "community" and the search
audience key "community:<id>" all read it), so requests and invitations live in their own tables: a requester
or an invited address never reaches the community's private content."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Community(models.Model):
    """A community of practice (CdP): a local or thematic group run by facilitators."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("listed: every member of Praxis sees its presentation")
        PRIVATE = "private", _("unlisted: only its members and invited people see it")

    class Scope(models.TextChoices):
        TERRITORY = "territory", _("a territory")
        FUNCTION = "function", _("a function or a theme")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("open: verified professionals join at once")
        REQUEST = "request", _("on request: a facilitator accepts")
        INVITATION = "invitation", _("invitation only")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on Praxis"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True, max_length=3000)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.TERRITORY)
    places = models.ManyToManyField("institutions.PostalCode", verbose_name=_("municipalities and postal codes"),
                                    blank=True, related_name="+")
    function = models.CharField(_("function or theme"), max_length=200, blank=True,
                                help_text=_("For example: proximity referents, case managers, organisers of "
                                            "multidisciplinary consultations."))
    themes = models.ManyToManyField("content.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    join_policy = models.CharField(_("how one joins"), max_length=10, choices=JoinPolicy, default=JoinPolicy.REQUEST)
    peer_group_number = models.CharField(
        _("LOK/GLEM peer-group number"), max_length=30, blank=True,
        help_text=_("When the community is registered as a Belgian peer group (LOK/GLEM), its meetings count in "
                    "the members' continuing-education record."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_languages_display(self) -> list[str]:
        from praxis.accounts.models import Language

        labels = dict(Language.choices)
        return [str(labels.get(value, value)) for value in self.languages]


class CommunityMembership(models.Model):
    """An active member of a community (facilitator or member)."""

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

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR


class JoinRequest(models.Model):
    """A professional asks to join a community whose policy is "on request"; a facilitator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("a word to the facilitators"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], condition=models.Q(status="pending"),
                                    name="join_request_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.community_id} ({self.status})"


class CommunityInvitation(models.Model):
    """A facilitator's invitation, sent by email as a signed link that expires (as for institution staff)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("withdrawn")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a community")
        verbose_name_plural = _("invitations to a community")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "status"], name="cinvitation_community_status")]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
