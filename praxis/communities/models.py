"""Communities of practice: the group, its members, who asked to join and who was invited.

A `CommunityMembership` row means an active member (the actor, content visibility "community" and the search
audience key "community:<id>" all read it), so requests and invitations live in their own tables: a requester
or an invited address never reaches the community's private content."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """Communities pooled by a coordinating institution, which sees comparable indicators (never private content)."""

    name = models.CharField(_("name"), max_length=200)
    coordinator = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("coordinating institution"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network of communities")
        verbose_name_plural = _("networks of communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="communities",
                                verbose_name=_("network"))
    # The five phases of the meeting agenda as this community words them: [{"key", "title", "prompt"}]. Empty: the
    # method's own wording (models.PHASES).
    agenda_template = models.JSONField(_("agenda template"), default=list, blank=True)
    # Read from the tools adopted from a network's templates (see shaping.py). The parts of a case as this community
    # words them: [{"field", "title", "prompt"}] (empty: the form's own wording).
    case_template = models.JSONField(_("case template"), default=list, blank=True, db_default=[])
    # The comparable indicators the community follows (selectors.COLUMNS keys; empty: all of them).
    indicator_keys = models.JSONField(_("indicators followed"), default=list, blank=True, db_default=[])
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


# --- organisational cases, followed to their outcome ------------------------------------------------------------
class Case(models.Model):
    """An organisational (never clinical) situation a member brings to the community, followed to its outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("under discussion")
        DOCUMENTED = "documented", _("documented")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="cases")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("presenter"))
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), max_length=4000,
                               help_text=_("The setting: type of service, territory, when it happens."))
    problem = models.TextField(_("organisational problem"), max_length=4000)
    roles_involved = models.TextField(_("roles and services involved"), max_length=2000, blank=True,
                                      help_text=_("Roles, not names: “home nurse”, “hospital social service”."))
    resources_used = models.TextField(_("resources used"), max_length=2000, blank=True)
    tried = models.TextField(_("what was tried"), max_length=4000, blank=True)
    open_questions = models.TextField(_("open questions"), max_length=2000, blank=True)
    themes = models.ManyToManyField("content.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    documented_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    documented_at = models.DateTimeField(null=True, blank=True)
    followup_due_on = models.DateField(_("ask the presenter for an update on"), null=True, blank=True)
    followup_asked_at = models.DateTimeField(null=True, blank=True)
    publication = models.ForeignKey("content.Content", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("proposed for publication as"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS = ("title", "context", "problem", "roles_involved", "resources_used", "tried", "open_questions")

    class Meta:
        verbose_name = _("organisational case")
        verbose_name_plural = _("organisational cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["community", "-created_at"], name="case_community_recent"),
            models.Index(fields=["followup_due_on"], condition=models.Q(followup_asked_at__isnull=True),
                         name="case_followup_to_ask"),
        ]

    def __str__(self) -> str:
        return self.title

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}


class CaseComment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a case")
        verbose_name_plural = _("comments on cases")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:40]}"


class Recommendation(models.Model):
    """What the group recommended (in a meeting or after it), recorded on the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class CaseOutcome(models.Model):
    """The presenter's answer to the follow-up: what was applied and what changed."""

    class Applied(models.TextChoices):
        FULLY = "fully", _("yes, fully")
        PARTLY = "partly", _("partly")
        NOT_YET = "not_yet", _("not yet")
        NO = "no", _("no, it did not fit")

    class Change(models.TextChoices):
        BETTER = "better", _("the situation improved")
        SAME = "same", _("no change")
        WORSE = "worse", _("it got worse")
        TOO_EARLY = "too_early", _("too early to say")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    applied = models.CharField(_("were the recommendations applied?"), max_length=10, choices=Applied)
    change = models.CharField(_("what changed?"), max_length=10, choices=Change)
    what_applied = models.TextField(_("what you applied"), max_length=3000, blank=True)
    what_changed = models.TextField(_("what changed, in your words"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome of a case")
        verbose_name_plural = _("outcomes of cases")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.applied}/{self.change}"


# --- discussions inside the community -------------------------------------------------------------------------------
class Thread(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=6000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    reply_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_activity_at", "-id"]
        indexes = [models.Index(fields=["community", "-last_activity_at"], name="thread_community_recent")]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=6000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


# --- meetings with the five-phase method ------------------------------------------------------------------------------
PHASES = [
    ("welcome", _("Welcome and group anchoring")),
    ("recap", _("Recap of work in progress")),
    ("exchange", _("Exchange on concrete situations")),
    ("themes", _("Work on the themes the group chose")),
    ("closure", _("Closure: validation and topics of the next meeting")),
]


class Meeting(models.Model):
    """A meeting of the community, prepared on the five phases of its agenda template."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("format"), max_length=10, choices=Mode, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=300, blank=True)
    join_url = models.URLField(_("link to join online"), blank=True, help_text=_("Shown to members only."))
    # [{"key": "recap", "title": "...", "items": ["...", ...]}, ...] — built from the template with what carries over.
    agenda = models.JSONField(_("agenda"), default=list, blank=True)
    minutes = models.JSONField(_("minutes"), default=dict, blank=True)  # {"welcome": "...", ...}
    next_topics = models.TextField(_("topics of the next meeting"), blank=True, max_length=3000)
    cases = models.ManyToManyField(Case, blank=True, related_name="meetings", verbose_name=_("cases on the agenda"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SCHEDULED)
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["community", "starts_at"], name="meeting_community_start")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="meeting_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """The roll call: who was there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.user_id}={self.present}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(models.Model):
    """An action item: one owner (a member), a due date, done or not; open ones carry over to the next agenda."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("who"))
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["community", "due_on"], condition=models.Q(done_at__isnull=True),
                                name="action_open_due")]

    def __str__(self) -> str:
        return self.text


class SurveyAnswer(models.Model):
    """The short survey after a meeting (feeds the indicators)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="survey_answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    usefulness = models.PositiveSmallIntegerField(_("how useful was the meeting for your practice?"),
                                                  choices=[(n, str(n)) for n in range(1, 6)])
    will_apply = models.TextField(_("what will you apply?"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="survey_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.usefulness}"


# --- co-built tools ---------------------------------------------------------------------------------------------------
class Tool(models.Model):
    """A document several members write together (Markdown, sanitised when shown), with its version history."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="tools")
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveIntegerField(default=0)  # number of the current version (0: none yet)
    # Adopted from a network's (or the platform's) template: the template's version last taken, and the newer one
    # the community chose not to take (no notice for it again).
    template = models.ForeignKey("ToolTemplate", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="adoptions", verbose_name=_("adopted from"))
    template_version = models.PositiveIntegerField(default=0)
    template_kept_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("co-built tool")
        verbose_name_plural = _("co-built tools")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def template_changed(self) -> bool:
        """The adopted template has a version the community has neither taken nor chosen to keep theirs over."""
        template = self.template
        return template is not None and template.version > max(self.template_version, self.template_kept_version)


class ToolVersion(models.Model):
    """One saved text of a tool. A save made on an outdated version is kept as a conflict (never lost) and the
    current text is not overwritten."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True)  # null for a conflicting text set aside
    based_on = models.PositiveIntegerField(default=0)
    text = models.TextField(_("text"), max_length=50000)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version of a tool")
        verbose_name_plural = _("versions of tools")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="tool_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.tool_id} v{self.number}"

    @property
    def is_conflict(self) -> bool:
        return self.number is None


# --- the shared library -----------------------------------------------------------------------------------------------
class LibraryItem(models.Model):
    """A resource of the community's library: a link (a capsule, a document or a course of Praxis, or any page) or
    a file a member uploaded (checked by its content, served to members only)."""

    class Kind(models.TextChoices):
        LINK = "link", _("link")
        FILE = "file", _("file")

    class Target(models.TextChoices):
        EXTERNAL = "external", _("web page")
        CAPSULE = "capsule", _("capsule")
        DOCUMENT = "document", _("document")
        CONTENT = "content", _("content of Praxis")
        COURSE = "course", _("course")
        PAGE = "page", _("page of Praxis")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="library")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    note = models.CharField(_("why it is useful"), max_length=500, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    target = models.CharField(_("points to"), max_length=10, choices=Target, blank=True)
    file = models.FileField(_("file"), upload_to="communities/library/%Y/%m/", blank=True, max_length=200)
    mime = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                 verbose_name=_("added by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"], name="library_community_recent")]
        constraints = [models.CheckConstraint(
            condition=(models.Q(kind="link") & ~models.Q(url="")) | (models.Q(kind="file") & ~models.Q(file="")),
            name="library_link_or_file")]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1].upper() if "." in name else ""


# --- templates a network (or the platform) offers its communities -----------------------------------------------------
class ToolTemplate(models.Model):
    """A template a network's coordinator (or the platform, when `network` is empty) publishes: a case template, a
    meeting agenda, an indicator set or any tool. Communities adopt it as one of their tools and adapt it; each
    published change is a new version, and communities that adopted it are told and choose to take it or keep
    theirs."""

    class Kind(models.TextChoices):
        CASE = "case", _("case template")
        AGENDA = "agenda", _("meeting agenda")
        INDICATORS = "indicators", _("indicator set")
        TOOL = "tool", _("other tool")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="templates",
                                verbose_name=_("network"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.TOOL)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("what it is for"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("template")
        verbose_name_plural = _("templates")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class ToolTemplateVersion(models.Model):
    template = models.ForeignKey(ToolTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("text"), max_length=50000)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version of a template")
        verbose_name_plural = _("versions of templates")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"
