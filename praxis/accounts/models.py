from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The one account that stands for every deleted member on what others rely on (published content, events, job offers,
# answers...): shown as "Former member", never signs in (inactive, no password, an address that cannot receive mail).
FORMER_MEMBER_EMAIL = "former-member@praxis.invalid"


class Profession(models.TextChoices):
    GP = "gp", _("General practitioner")
    SPECIALIST = "specialist", _("Specialist physician")
    NURSE = "nurse", _("Nurse")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    DIETITIAN = "dietitian", _("Dietitian")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    MIDWIFE = "midwife", _("Midwife")
    PHARMACIST = "pharmacist", _("Pharmacist")
    DENTIST = "dentist", _("Dentist")
    SPEECH_THERAPIST = "speech_therapist", _("Speech therapist")
    OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Occupational therapist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    STUDENT = "student", _("Intern or student")
    TEACHER = "teacher", _("Teacher or researcher")
    OTHER = "other", _("Other care worker")


# Professions for which the registration number is optional.
NUMBER_OPTIONAL = {Profession.STUDENT, Profession.SOCIAL_WORKER}


class Country(models.TextChoices):
    BE = "BE", _("Belgium")
    FR = "FR", _("France")
    CH = "CH", _("Switzerland")
    LU = "LU", _("Luxembourg")


class Language(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    DE = "de", _("German")
    IT = "it", _("Italian")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")
    TR = "tr", _("Turkish")
    PT = "pt", _("Portuguese")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting verification")
    PROOF_REQUESTED = "proof_requested", _("proof requested")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """`manage.py createsuperuser`: the address is typed by whoever runs the server, so it counts as verified
        (login requires a verified address); the second factor is set up at first sign-in."""
        from allauth.account.models import EmailAddress

        extra.update(is_superuser=True, is_staff=True)
        extra.setdefault("first_name", "Admin")
        extra.setdefault("last_name", "Praxis")
        extra.setdefault("verification_status", VerificationStatus.VERIFIED)
        user = self._create(email, password, **extra)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)

    def former_member(self) -> User:
        """The placeholder that a deleted member's kept contributions point to (created the first time)."""
        user, created = self.get_or_create(
            email=FORMER_MEMBER_EMAIL,
            defaults={"is_active": False, "verification_status": VerificationStatus.REJECTED},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A member: a health professional (or student, social worker...) who logs in by email."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    profession = models.CharField(_("profession"), max_length=30, choices=Profession, blank=True)
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    country = models.CharField(_("country of practice"), max_length=2, choices=Country, blank=True)
    registration_number = models.CharField(_("professional registration number"), max_length=20, blank=True)
    registration_kind = models.CharField(_("kind of number"), max_length=10, blank=True)
    # The part of the number that identifies the person for life (INAMI: first 8 digits).
    registration_key = models.CharField(max_length=20, blank=True, db_index=True)
    registration_warnings = models.JSONField(default=list, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    preferred_language = models.CharField(_("language of the interface"), max_length=5, default="fr")
    individual_declared_at = models.DateTimeField(
        _("declared acting as an individual (not for a commercial firm)"), null=True, blank=True
    )

    verification_status = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus, default=VerificationStatus.PENDING,
        db_index=True,
    )
    verification_note = models.TextField(_("note to the member"), blank=True)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)

    is_reviewer = models.BooleanField(_("reviewer"), default=False)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        if self.is_former_member:
            return gettext("Former member")
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_former_member(self) -> bool:
        """The placeholder of deleted members (see `UserManager.former_member`)."""
        return self.email == FORMER_MEMBER_EMAIL

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_verified_professional(self) -> bool:
        return self.is_active and self.verification_status == VerificationStatus.VERIFIED

    @property
    def needs_registration_number(self) -> bool:
        return self.profession not in NUMBER_OPTIONAL


def proof_upload_to(instance: ProofDocument, filename: str) -> str:
    # The stored name never comes from the user: no path tricks, no personal data in URLs.
    return f"proofs/{instance.user_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.content_hash[:12]}"


class ProofDocument(models.Model):
    """A document a member uploads when a moderator asks for proof of their professional status."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="proofs")
    file = models.FileField(_("file"), upload_to=proof_upload_to)
    content_type = models.CharField(max_length=50)
    content_hash = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proof document")
        verbose_name_plural = _("proof documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.uploaded_at:%Y-%m-%d}"


def export_upload_to(instance: DataExport, filename: str) -> str:
    return f"exports/{instance.member_id}/{instance.token}.zip"


class DataExport(models.Model):
    """A member's archive of their personal data (a ZIP built by a background job), downloadable by them only until
    it expires (`PRIVACY_EXPORT_DAYS`); the retention job deletes it then."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["member"], condition=models.Q(status="queued"), name="accounts_one_export_in_progress")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.created_at:%Y-%m-%d} ({self.status})"

    @property
    def is_available(self) -> bool:
        return (self.status == self.Status.READY and self.expires_at is not None
                and self.expires_at > timezone.now())


class ErasureRequest(models.Model):
    """A member's request to erase their account, carried out by a background job (`accounts.tasks.erase_account`).

    One at a time per member: asking again shows the pending one. Once done, the row names nobody (its member is
    gone); its token lets the page opened after signing out say how it ended. Finished requests are deleted after
    `RETENTION_ERASURE_REQUEST_DAYS`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in progress")
        DONE = "done", _("done")
        FAILED = "failed", _("could not be completed")

    member = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="erasure_requests")
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    language = models.CharField(max_length=5, default="fr")
    requested_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("account erasure request")
        verbose_name_plural = _("account erasure requests")
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["member"], condition=models.Q(status="queued"), name="accounts_one_erasure_in_progress")]

    def __str__(self) -> str:
        return f"{self.member_id or '-'} {self.requested_at:%Y-%m-%d} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.QUEUED
