from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Language
from praxis.core.models import NamedInLanguages


class PostalCode(models.Model):
    """A place people type to search near: a postal code with its locality, or a city, with coordinates.

    Loaded from offline packages by `manage.py load_postal_codes` (see `praxis.institutions.places`)."""

    country = models.CharField(_("country"), max_length=2)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    name = models.CharField(_("locality"), max_length=120)
    search_name = models.CharField(max_length=120, help_text="name without accents or punctuation, lower case")
    latitude = models.FloatField()
    longitude = models.FloatField()
    is_city = models.BooleanField(default=False, help_text="a city from the gazetteer rather than a postal record")

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        indexes = [
            models.Index(fields=["country", "postal_code"], name="postalcode_country_code"),
            models.Index(fields=["country", "search_name"], name="postalcode_country_name"),
            models.Index(fields=["search_name"], name="postalcode_name"),
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.name} ({self.country})".strip()


class Service(NamedInLanguages):
    """What an institution helps with (elder abuse, palliative care...). Seeded by a migration; admins edit it."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "name"]


class Public(models.TextChoices):
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Adolescents and young adults")
    ADULTS = "adults", _("Adults")
    ELDERLY = "elderly", _("Older people")
    FAMILIES = "families", _("Families and carers")
    WOMEN = "women", _("Women")
    PROFESSIONALS = "professionals", _("Health professionals")
    MIGRANTS = "migrants", _("Migrants and asylum seekers")
    PRECARIOUS = "precarious", _("People in precarious situations")


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
    description = models.TextField(_("description"), blank=True, max_length=5000)
    services = models.ManyToManyField(Service, verbose_name=_("services offered"), blank=True,
                                      related_name="institutions")
    publics = models.JSONField(_("publics served"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    address = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True, max_length=1000)
    logo = models.ImageField(_("logo"), upload_to="institutions/logos/", blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    rejected_at = models.DateTimeField(_("rejected on"), null=True, blank=True)
    moderation_note = models.TextField(_("note from the moderators"), blank=True)
    # Closed by its admins or a moderator: out of the directory and search, kept for its staff's history.
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("why it closed"), blank=True, max_length=1000, db_default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [
            # The "near me" bounding box filters on latitude then longitude.
            # (No index on is_verified: nearly every row is verified, and SQLite would prefer it to the box.)
            models.Index(fields=["latitude", "longitude"], name="institution_lat_lon"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pending(self) -> bool:
        return not self.is_verified and self.rejected_at is None

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_publics_display(self) -> list[str]:
        labels = dict(Public.choices)
        return [str(labels.get(value, value)) for value in self.publics]

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(value, value)) for value in self.languages]


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


class Invitation(models.Model):
    """An admin's invitation to join an institution's staff, sent by email as a signed, expiring link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("withdrawn")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=InstitutionMembership.Role,
                            default=InstitutionMembership.Role.STAFF)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["institution", "status"], name="invitation_inst_status")]

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class ClaimRequest(models.Model):
    """Someone asks to manage an institution that already exists, or reports two entries as duplicates.

    Moderators decide: accepting a claim makes the requester an admin; accepting a merge hides the duplicate."""

    class Kind(models.TextChoices):
        CLAIM = "claim", _("claim to manage")
        MERGE = "merge", _("duplicate to merge")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="claims")
    duplicate = models.ForeignKey(Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                  verbose_name=_("duplicate entry"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CLAIM)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the moderators"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim request")
        verbose_name_plural = _("claim requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.institution}"


class DirectoryProfile(models.Model):
    """A member's entry in the colleagues directory: off until they opt in, showing only what they chose."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_profile")
    is_listed = models.BooleanField(_("appear in the colleagues directory"), default=False)
    show_specialty = models.BooleanField(_("show my specialty"), default=True)
    show_city = models.BooleanField(_("show my city"), default=True)
    show_languages = models.BooleanField(_("show the languages I speak"), default=True)
    show_institutions = models.BooleanField(_("show the institutions I work for"), default=True)
    show_email = models.BooleanField(_("show my email address to members"), default=False)
    bio = models.TextField(_("a few words about my practice"), blank=True, max_length=600)
    themes = models.ManyToManyField("content.Theme", verbose_name=_("areas of expertise"), blank=True,
                                    related_name="+")
    # Copied from the member's practice postal code when the profile is saved, for "colleagues near me".
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")
        indexes = [models.Index(fields=["is_listed", "latitude", "longitude"], name="dirprofile_listed_lat_lon")]

    def __str__(self) -> str:
        return f"{self.user} ({'listed' if self.is_listed else 'hidden'})"


class Follow(models.Model):
    """A member follows a member, an institution, a theme, a community or a toolbox (read by the feed and
    notifications)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        INSTITUTION = "institution", _("institution")
        THEME = "theme", _("theme")
        COMMUNITY = "community", _("community")
        TOOLBOX = "toolbox", _("toolbox")  # prevention's toolboxes: followers hear of new items

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    target_kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "target_kind", "target_id"], name="follow_unique"),
        ]
        indexes = [models.Index(fields=["target_kind", "target_id"], name="follow_target")]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.target_kind}:{self.target_id}"
