from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import icope


class RunBy(models.TextChoices):
    PROFESSIONAL = "professional", _("a professional")
    CARER = "carer", _("a carer")
    SELF = "self", _("the person themself")


class AgeBand(models.TextChoices):
    UNDER_60 = "lt60", _("under 60")
    A60 = "60-69", _("60 to 69")
    A70 = "70-79", _("70 to 79")
    A80 = "80-89", _("80 to 89")
    A90 = "90+", _("90 or more")


class Country(models.TextChoices):
    BE = "BE", _("Belgium")
    FR = "FR", _("France")
    LU = "LU", _("Luxembourg")
    OTHER = "XX", _("another country")


# Coarse areas of the cross-border programme: a Belgian province or a French department, never finer.
AREAS: list[tuple[str, str, object]] = [
    ("BE", "be-bru", _("Brussels")),
    ("BE", "be-wbr", _("Walloon Brabant")),
    ("BE", "be-wht", _("Hainaut")),
    ("BE", "be-wlg", _("Liège")),
    ("BE", "be-wlx", _("Luxembourg (province)")),
    ("BE", "be-wna", _("Namur")),
    ("BE", "be-vwv", _("West Flanders")),
    ("BE", "be-vov", _("East Flanders")),
    ("BE", "be-van", _("Antwerp")),
    ("BE", "be-vbr", _("Flemish Brabant")),
    ("BE", "be-vli", _("Limburg")),
    ("FR", "fr-59", _("Nord")),
    ("FR", "fr-62", _("Pas-de-Calais")),
    ("FR", "fr-02", _("Aisne")),
    ("FR", "fr-08", _("Ardennes")),
    ("FR", "fr-55", _("Meuse")),
    ("FR", "fr-54", _("Meurthe-et-Moselle")),
    ("FR", "fr-57", _("Moselle")),
    ("FR", "fr-other", _("another French department")),
    ("LU", "lu", _("Luxembourg (country)")),
]
AREA_CHOICES = [(code, label) for _country, code, label in AREAS]
AREA_COUNTRY = {code: country for country, code, _label in AREAS}


class Screening(models.Model):
    """One completed ICOPE step-1 screening, stored anonymously for aggregated figures only.

    Deliberately holds no name, birth date, free text, postal code, time of day or account: who was screened cannot
    be told from it, and who ran it is only a kind (professional, carer, self). See README, "What a screening
    stores"."""

    instrument_version = models.CharField(_("instrument version"), max_length=40)
    run_by = models.CharField(_("run by"), max_length=12, choices=RunBy)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand)
    country = models.CharField(_("country"), max_length=2, choices=Country)
    area = models.CharField(_("area"), max_length=10, blank=True, choices=AREA_CHOICES)
    flag_cognition = models.BooleanField(_("cognitive decline"))
    flag_mobility = models.BooleanField(_("limited mobility"))
    flag_nutrition = models.BooleanField(_("malnutrition"))
    flag_vision = models.BooleanField(_("visual impairment"))
    flag_hearing = models.BooleanField(_("hearing loss"))
    flag_depression = models.BooleanField(_("depressive symptoms"))
    screened_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on", "-pk"]
        indexes = [models.Index(fields=["screened_on", "area"], name="screening_date_area")]
        permissions = [("view_screening_figures", _("Can see the aggregated screening figures"))]

    def __str__(self) -> str:
        return f"{self.instrument_version} {self.screened_on} {self.area or self.country}"

    @property
    def flagged_domains(self) -> list[str]:
        return [domain for domain in icope.DOMAIN_KEYS if getattr(self, f"flag_{domain}")]


class DomainService(models.Model):
    """Which services of the directory can help with a flagged ICOPE domain, and for which publics.

    Seeded by a migration, edited by admins. An empty `publics` means any institution offering the service; otherwise
    only institutions that serve one of these publics (e.g. older people, families and carers)."""

    domain = models.CharField(_("domain"), max_length=12, choices=icope.DOMAINS)
    service = models.ForeignKey("institutions.Service", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("service"))
    publics = models.JSONField(_("publics served"), default=list, blank=True,
                               help_text=_("Codes of the directory's publics, e.g. [\"elderly\", \"families\"]."))
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("domain → service")
        verbose_name_plural = _("domains → services")
        ordering = ["domain", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["domain", "service"], name="domainservice_unique")]

    def __str__(self) -> str:
        return f"{self.domain} → {self.service_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from praxis.institutions.models import Public

        unknown = set(self.publics or []) - set(Public.values)
        if not isinstance(self.publics, list) or unknown:
            raise ValidationError({"publics": _("Unknown publics: %(codes)s.") % {"codes": ", ".join(
                sorted(map(str, unknown)))}})


# --- toolboxes ----------------------------------------------------------------------------------------------------
class Toolbox(models.Model):
    """A curated, ordered collection of existing items (contents, courses, events, directory entries, external
    links) in sections, each with an introduction. Maintained by the members of its institution (and of the
    communities of its network, when it has one); public or for members.

    `version` grows with every change: an edit made on an older version is refused, never saved over someone else's
    (see services.py)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public: anyone, without an account")
        MEMBERS = "members", _("members of Praxis only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft: only its editors see it")
        PUBLISHED = "published", _("published")

    class Audience(models.TextChoices):
        PROFESSIONALS = "professionals", _("health and social care professionals")
        PATIENTS = "patients", _("patients and carers")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    introduction = models.TextField(_("introduction"), max_length=4000, blank=True)
    audience = models.CharField(_("written for"), max_length=14, choices=Audience, default=Audience.PROFESSIONALS)
    visibility = models.CharField(_("who may read it"), max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("maintained by"))
    network = models.ForeignKey("communities.Network", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("with the network of communities"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("toolbox")
        verbose_name_plural = _("toolboxes")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["status", "visibility"], name="toolbox_status_visibility")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ToolboxSection(models.Model):
    toolbox = models.ForeignKey(Toolbox, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=3000, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("toolbox section")
        verbose_name_plural = _("toolbox sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ToolboxItem(models.Model):
    """One entry of a section: a link to an existing object of Praxis (exactly one of the foreign keys, given by
    `kind`) or to an external page. Readers only see the items they may see (selectors.toolbox_items)."""

    class Kind(models.TextChoices):
        CONTENT = "content", _("capsule, document or article")
        COURSE = "course", _("course")
        EVENT = "event", _("event")
        INSTITUTION = "institution", _("directory entry")
        LINK = "link", _("external link")

    toolbox = models.ForeignKey(Toolbox, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(ToolboxSection, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("section"))
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="+")
    url = models.URLField(_("address"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True,
                             help_text=_("Needed for an external link; otherwise the page's own title is shown."))
    note = models.CharField(_("why it is here"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toolbox item")
        verbose_name_plural = _("toolbox items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(name="toolboxitem_one_target", condition=(
                models.Q(kind="content", content__isnull=False, course__isnull=True, event__isnull=True,
                         institution__isnull=True)
                | models.Q(kind="course", course__isnull=False, content__isnull=True, event__isnull=True,
                           institution__isnull=True)
                | models.Q(kind="event", event__isnull=False, content__isnull=True, course__isnull=True,
                           institution__isnull=True)
                | models.Q(kind="institution", institution__isnull=False, content__isnull=True, course__isnull=True,
                           event__isnull=True)
                | models.Q(kind="link", content__isnull=True, course__isnull=True, event__isnull=True,
                           institution__isnull=True) & ~models.Q(url="")
            )),
        ]

    def __str__(self) -> str:
        return f"{self.toolbox_id}/{self.kind}"

    @property
    def target(self) -> Any:
        return {"content": self.content, "course": self.course, "event": self.event,
                "institution": self.institution}.get(self.kind)

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        target = self.target
        if target is None:
            return self.url
        return str(getattr(target, "title", None) or getattr(target, "name", "") or target)
