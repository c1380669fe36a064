"""Knowledge content: video capsules, documents and articles, and the theme taxonomy.

A `Content` row is the stable identity of a piece (its URL, its questions, its bookmarks). Editing a published piece
creates a *revision*: another Content row with `revision_of` pointing to the original, which goes through review while
the original stays online; when the revision is approved its fields are copied onto the original (see review app).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Profession


class Theme(models.Model):
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

    def __str__(self) -> str:
        return self.name


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
