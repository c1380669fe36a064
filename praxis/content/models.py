"""Knowledge content: video capsules, documents and articles, and the theme taxonomy.

A `Content` row is the stable identity of a piece (its URL, its questions, its bookmarks). Editing a published piece
creates a *revision*: another Content row with `revision_of` pointing to the original, which goes through review while
the original stays online; when the revision is approved its fields are copied onto the original (see review app).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Profession
from praxis.core.models import NamedInLanguages


class Theme(NamedInLanguages):
    """A clinical specialty or a transversal theme (ethics at work, elder abuse...). Seeded; admins edit it."""

    class Kind(models.TextChoices):
        CLINICAL = "clinical", _("clinical specialty")
        TRANSVERSAL = "transversal", _("transversal theme")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.CLINICAL)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]


class DocumentText(models.TextChoices):
    PENDING = "pending", _("waiting for the extraction")
    EXTRACTED = "extracted", _("text extracted and searchable")
    NO_TEXT = "no_text", _("no text in the document (scanned pages?): found by its title and summary only")
    FAILED = "failed", _("the text could not be read: found by its title and summary only")
    # Legacy Word and PowerPoint files and spreadsheets: their text is not read (documents.py).
    NOT_PDF = "not_pdf", _("legacy office file or spreadsheet (text not read): found by its title and summary only")


class Content(models.Model):
    class Kind(models.TextChoices):
        CAPSULE = "capsule", _("video capsule")
        DOCUMENT = "document", _("document")
        ARTICLE = "article", _("article")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        REJECTED = "rejected", _("rejected")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        SUPERSEDED = "superseded", _("merged into the published version")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public teaser, full content for members")
        VERIFIED = "verified", _("verified professionals only")
        INSTITUTION = "institution", _("one institution's staff")
        COMMUNITY = "community", _("one community")

    class Audience(models.TextChoices):
        PROFESSIONALS = "professionals", _("health professionals")
        PATIENTS = "patients", _("patients and carers (plain language, readable without an account)")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("Creative Commons BY")
        CC_BY_SA = "cc-by-sa", _("Creative Commons BY-SA")
        CC_BY_NC_ND = "cc-by-nc-nd", _("Creative Commons BY-NC-ND")
        ALL_RIGHTS = "all-rights", _("All rights reserved")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("text"), blank=True, help_text=_("Articles: Markdown-like text."))
    body_html = models.TextField(blank=True, editable=False)  # sanitised rendering of `body`
    # Documents: the uploaded file (PDF, or an office file offered as a download), checked by its content.
    document = models.FileField(_("document"), upload_to="documents/%Y/%m/", blank=True)
    document_mime = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveBigIntegerField(null=True, blank=True)
    # The document's text, extracted in the background for search (praxis.content.documents); the status says why
    # there is none, in which case search finds the piece by its title and summary only.
    document_text = models.TextField(_("text of the document"), blank=True, editable=False)
    document_text_status = models.CharField(_("text extraction"), max_length=10, choices=DocumentText, blank=True,
                                            editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contents", verbose_name=_("author")
    )
    themes = models.ManyToManyField(Theme, related_name="contents", verbose_name=_("themes"))
    target_professions = models.JSONField(_("target professions"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    countries = models.JSONField(_("countries it applies to"), default=list, blank=True)
    references = models.TextField(_("references"), blank=True, help_text=_("One link or DOI per line."))
    licence = models.CharField(_("licence"), max_length=12, choices=Licence, default=Licence.CC_BY_NC_ND)
    coi_none = models.BooleanField(_("no conflict of interest"), default=False)
    coi_statement = models.TextField(_("conflict-of-interest declaration"), blank=True)

    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility, default=Visibility.PUBLIC)
    # Pages for patients and carers are public in full once reviewed (an extra review check: plain language, no
    # advice that needs a consultation); they make the patients-and-carers space (praxis/prevention).
    audience = models.CharField(_("written for"), max_length=13, choices=Audience, default=Audience.PROFESSIONALS,
                                db_index=True)
    institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="contents",
        verbose_name=_("institution"),
    )
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="contents",
        verbose_name=_("community"),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="revisions",
        verbose_name=_("revision of"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content")
        verbose_name_plural = _("contents")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "visibility", "-published_at"]),
            models.Index(fields=["kind", "status", "-published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(coi_none=True) | ~models.Q(coi_statement=""),
                name="content_coi_declared",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="institution") | models.Q(institution__isnull=False),
                name="content_institution_visibility_has_institution",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="community") | models.Q(community__isnull=False),
                name="content_community_visibility_has_community",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


PROFESSION_CHOICES = Profession.choices
COUNTRY_CHOICES = Country.choices


# --- media pipeline ---
# Video capsules: the resumable upload (tus), the processed video (renditions, poster) and playback positions.


class VideoAsset(models.Model):
    """The video of a capsule: the latest uploaded source, its processing state and the published outputs.

    Outputs are written under a prefix derived from the source, then published by updating this one row; the
    previous outputs stay online until then, so a failed re-upload loses nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    content = models.OneToOneField(
        Content, on_delete=models.CASCADE, related_name="video", verbose_name=_("content")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.QUEUED)
    failure_reason = models.TextField(_("reason of the failure"), blank=True)
    # The source being (or last) processed: a storage key we generated, never the uploader's file name.
    source_key = models.CharField(max_length=300, blank=True)
    source_name = models.CharField(_("original file name"), max_length=255, blank=True)
    source_size = models.PositiveBigIntegerField(null=True, blank=True)
    source_mime = models.CharField(max_length=100, blank=True)
    probe = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processing_seconds = models.FloatField(null=True, blank=True)
    # What is online (empty until the first successful processing).
    published_prefix = models.CharField(max_length=300, blank=True)
    hls_master = models.CharField(max_length=300, blank=True)
    mp4 = models.CharField(max_length=300, blank=True)
    poster = models.CharField(max_length=300, blank=True)
    thumbnails = models.JSONField(default=list, blank=True)
    renditions = models.JSONField(default=list, blank=True)
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("capsule video")
        verbose_name_plural = _("capsule videos")

    def __str__(self) -> str:
        return f"{self.content} ({self.get_status_display()})"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @property
    def is_playable(self) -> bool:
        return bool(self.hls_master and self.mp4)


CAPTION_LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English")), ("de", _("German"))]


class CaptionTrack(models.Model):
    """The captions of a capsule in one language: its cues, from which the WebVTT track and the transcript under the
    video are written (the file sent, WebVTT or SRT, is not kept: see praxis.content.media.captions)."""

    class Format(models.TextChoices):
        VTT = "vtt", "WebVTT"
        SRT = "srt", "SRT"

    content = models.ForeignKey(
        Content, on_delete=models.CASCADE, related_name="caption_tracks", verbose_name=_("content")
    )
    language = models.CharField(_("language"), max_length=5, choices=CAPTION_LANGUAGES)
    # [{"start": 1.5, "end": 3.0, "text": "...", "settings": "align:start"}, ...] in time order, plain text.
    cues = models.JSONField(_("cues"), default=list)
    source_format = models.CharField(_("format of the file sent"), max_length=3, choices=Format)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("captions track")
        verbose_name_plural = _("captions tracks")
        ordering = ["content", "language"]
        constraints = [
            models.UniqueConstraint(fields=["content", "language"], name="content_caption_track_one_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.content} ({self.language})"

    @property
    def transcript(self) -> str:
        """The text of every cue, one per line (what search indexes)."""
        return "\n".join(cue["text"] for cue in self.cues)


class Upload(models.Model):
    """A resumable (tus 1.0) upload in progress: bytes are appended to a temporary file outside MEDIA_ROOT."""

    id = models.UUIDField(primary_key=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="uploads")
    length = models.PositiveBigIntegerField()
    offset = models.PositiveBigIntegerField(default=0)
    filename = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    temp_path = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("upload in progress")
        verbose_name_plural = _("uploads in progress")

    def __str__(self) -> str:
        return f"{self.filename or self.pk} ({self.offset}/{self.length})"


class PlaybackPosition(models.Model):
    """Where a member stopped watching a capsule, to resume there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="playback_positions")
    seconds = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "content"], name="content_playback_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.seconds:.0f}s"
