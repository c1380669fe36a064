"""Events (trainings, webinars, seminars, job days), registrations with a waiting list, calendars, seminar
contributions and the versioned white papers assembled from them."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Language


def declaration_errors(*, coi_none: bool, coi_statement: str, sponsors: str = "") -> dict[str, Any]:
    """The conflict-of-interest declaration, as content has it: "no conflict of interest" ticked, or a statement
    (never both, never neither). A sponsored event has a link to declare, so it cannot tick "none". One rule for the
    forms, the services and the API (through `full_clean`)."""
    statement = (coi_statement or "").strip()
    if coi_none and statement:
        return {"coi_statement": _("Either tick “no conflict of interest” or describe it, not both.")}
    if not coi_none and not statement:
        return {"coi_statement": _("Declare the conflicts of interest, or tick that there are none.")}
    if coi_none and (sponsors or "").strip():
        return {"coi_none": _("A sponsored event has a link to declare: say what the sponsors fund and whether they "
                              "have a say in the programme, instead of ticking “no conflict of interest”.")}
    return {}


class EventTimeZone(models.TextChoices):
    BRUSSELS = "Europe/Brussels", _("Brussels time")
    PARIS = "Europe/Paris", _("Paris time")
    ZURICH = "Europe/Zurich", _("Zurich time")


class Event(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        WEBINAR = "webinar", _("Webinar")
        SEMINAR = "seminar", _("Seminar")
        JOB_DAY = "job_day", _("Job day")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")
        # Taken offline by a moderator (advertising, wrong information): only moderators and its creator see it.
        UNPUBLISHED = "unpublished", _("unpublished by a moderator")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.TRAINING)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    themes = models.ManyToManyField("content.Theme", blank=True, related_name="events", verbose_name=_("themes"))
    target_professions = models.JSONField(_("target professions"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language, default=Language.FR)
    timezone = models.CharField(_("time zone"), max_length=40, choices=EventTimeZone, default=EventTimeZone.BRUSSELS)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    is_online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("join link"), blank=True, help_text=_("Shown only to registered people."))
    is_cross_border = models.BooleanField(_("cross-border"), default=False)
    # Patients, carers and anyone else may attend (an information session), not only professionals: listed in the
    # space for patients and carers (prevention) and filterable in the agenda.
    is_open_to_public = models.BooleanField(_("open to the public"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country, default=Country.BE, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    price_eur = models.DecimalField(_("price (EUR)"), max_digits=8, decimal_places=2, default=0,
                                    help_text=_("0 for a free event."))
    accreditation_points = models.DecimalField(_("accreditation points (Belgium)"), max_digits=5, decimal_places=1,
                                               null=True, blank=True)
    dpc_reference = models.CharField(_("DPC action number (France)"), max_length=40, blank=True)
    dpc_hours = models.DecimalField(_("DPC hours (France)"), max_digits=5, decimal_places=1, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("organising institution"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events_created")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PUBLISHED, db_index=True)
    replay = models.ForeignKey(
        "content.Content", on_delete=models.SET_NULL, null=True, blank=True, related_name="replay_of_events",
        verbose_name=_("replay (capsule)"),
    )
    # The mandatory declaration (as content's), shown on the page. Events announced before it was required have
    # neither (`is_declared` is false): the page says so, and their next edit asks for it.
    coi_none = models.BooleanField(_("no conflict of interest"), default=False, db_default=False)
    coi_statement = models.TextField(_("conflict-of-interest declaration"), blank=True, default="", db_default="",
                                     max_length=2000)
    sponsors = models.CharField(_("sponsors"), max_length=300, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.registration_deadline and self.ends_at and self.registration_deadline > self.ends_at:
            errors["registration_deadline"] = _("Registrations must close before the event ends.")
        if self.online_url and not self.online_url.lower().startswith("https://"):
            errors["online_url"] = _("The join link must start with https://.")
        if self.kind == self.Kind.WEBINAR:
            self.is_online = True
            if not self.online_url:
                errors["online_url"] = _("A webinar needs a join link (https://).")
        if not self.is_online and not (self.city or self.postal_code):
            errors["city"] = _("Give the place of the event, or mark it as online.")
        errors.update(declaration_errors(coi_none=self.coi_none, coi_statement=self.coi_statement,
                                         sponsors=self.sponsors))
        if errors:
            raise ValidationError(errors)

    @property
    def is_declared(self) -> bool:
        return self.coi_none or bool(self.coi_statement)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_free(self) -> bool:
        return not self.price_eur

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def registration_open(self) -> bool:
        now = timezone.now()
        deadline = self.registration_deadline or self.starts_at
        return self.status == self.Status.PUBLISHED and now < deadline and now < self.ends_at

    @property
    def seats_left(self) -> int | None:
        """Needs the `confirmed_count` annotation of the selectors."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "confirmed_count", 0), 0)

    @property
    def has_cpd(self) -> bool:
        return bool(self.accreditation_points or self.dpc_reference or self.dpc_hours)


class EventSession(models.Model):
    """One part of a multi-session event (a seminar over two days, or in two countries)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status, db_index=True)
    queued_at = models.DateTimeField(_("registered on"), default=timezone.now)  # order of the waiting list
    promoted_at = models.DateTimeField(_("promoted from the waiting list on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_queued_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_one_per_member")]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class EventMessage(models.Model):
    """A message the organiser sent to the registrants."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    include_waitlist = models.BooleanField(_("also write to the waiting list"), default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject


class Material(models.Model):
    """Slides, handouts, links shared after the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/materials/%Y/%m/", blank=True)
    mime = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A personal calendar address with a secret token. Revoked tokens answer 410 Gone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"


class SeminarPiece(models.Model):
    """What a seminar produced: contributions, notes of the exchanges, work-group recommendations."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        EXCHANGE = "exchange", _("Notes of the exchanges")
        RECOMMENDATION = "recommendation", _("Work-group recommendation")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pieces")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.CONTRIBUTION)
    speaker = models.CharField(_("speaker or work group"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=10000)
    document = models.FileField(_("slides or document"), upload_to="events/seminars/%Y/%m/", blank=True)
    document_mime = models.CharField(max_length=100, blank=True)
    # The speaker's (or work group's) declaration; pieces added before it was required have none.
    coi_none = models.BooleanField(_("no conflict of interest"), default=False, db_default=False)
    coi_statement = models.TextField(_("conflict-of-interest declaration"), blank=True, default="", db_default="",
                                     max_length=2000)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seminar piece")
        verbose_name_plural = _("seminar pieces")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = declaration_errors(coi_none=self.coi_none, coi_statement=self.coi_statement)
        if errors:
            raise ValidationError(errors)

    @property
    def is_declared(self) -> bool:
        return self.coi_none or bool(self.coi_statement)


class WhitePaper(models.Model):
    """One version of a seminar's white paper. Each version is reviewed before publication; the newest published
    version is the one readers get, older ones stay listed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        PUBLISHED = "published", _("published")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="white_papers")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=20000)
    conclusion = models.TextField(_("conclusion"), max_length=20000, blank=True)
    sections = models.JSONField(default=list, editable=False)  # snapshot of the pieces at assembly time
    # The authors' declaration for this version; versions written before it was required have none and cannot be
    # submitted or published until it is given.
    coi_none = models.BooleanField(_("no conflict of interest"), default=False, db_default=False)
    coi_statement = models.TextField(_("conflict-of-interest declaration"), blank=True, default="", db_default="",
                                     max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    review_note = models.TextField(_("note from the reviewer"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="events/white-papers/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("white paper")
        verbose_name_plural = _("white papers")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["event", "version"], name="white_paper_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def clean(self) -> None:
        errors = declaration_errors(coi_none=self.coi_none, coi_statement=self.coi_statement)
        if errors:
            raise ValidationError(errors)

    @property
    def is_declared(self) -> bool:
        return self.coi_none or bool(self.coi_statement)
