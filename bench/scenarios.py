"""The scenarios of `make bench`, one small declarative entry each.

A scenario has a name, a URL builder (run inside Django, so it can `reverse()` and pick rows from the seeded data),
who asks (anonymous or the logged-in bench member) and a method. A builder raises `NotAvailable` (or a
`NoReverseMatch` happens) when the route or the data does not exist yet: the scenario is then reported as
"not available yet" and skipped, so `make bench` works on any state of the code and grows as apps land.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse


class NotAvailable(Exception):
    pass


@dataclass
class Scenario:
    name: str
    url: Callable[[dict], str]
    auth: bool = False
    method: str = "GET"
    kind: str = "page"  # baseline | static | list | detail | search | page | fragment
    group: str = ""
    # A POST's JSON body; wrk replaces {t} by its thread's number and {i} by an increasing number per request.
    body: Callable[[dict], str] | None = None
    note: str = ""
    # The CPU target as a multiple of the minimal page's when an issue set one of its own; otherwise issue 22's
    # (bench/run.py, `cpu_target`): a common-word search 3×, a member's page 2×, a visitor's 1.5×.
    max_vs_minimal: float | None = None
    # Each of wrk's connections is another member with their own session and path (`learners` in djhelper.prepare).
    per_learner: bool = False


def model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError as exc:
        raise NotAvailable(f"no model {label}") from exc


def reverse_any(names: list[str], *candidates: dict) -> str:
    """The first of several possible route names/signatures that resolves (apps are written in parallel)."""
    for name in names:
        for kwargs in candidates or ({},):
            try:
                return reverse(name, kwargs=kwargs or None)
            except NoReverseMatch:
                continue
    raise NotAvailable(f"no route {' / '.join(names)}")


# --- URL builders ------------------------------------------------------------------------------------------------


def baseline(ctx: dict) -> str:
    return reverse("bench:baseline")


def scorm_commit(ctx: dict) -> str:
    """A SCORM runtime commit (JSON, idempotent by launch and sequence) to the bench reader's own attempt."""
    try:
        from praxis.learning.scorm import scale
    except ImportError as exc:
        raise NotAvailable("no SCORM part in this code base") from exc
    from praxis.accounts.models import User

    reader = User.objects.filter(email=ctx.get("reader_email", "lecteur@bench.praxis.invalid")).first()
    if reader is None:
        raise NotAvailable("no bench reader")
    attempt = scale.bench_attempt(reader)
    lesson = attempt.progress.lesson
    return reverse("learning:scorm_commit", args=[lesson.course.slug, lesson.pk, attempt.pk])


def scorm_commit_body(ctx: dict) -> str:
    from praxis.learning.scorm import scale

    return scale.commit_body()


def minimal_page(ctx: dict) -> str:
    return reverse("bench:minimal")


def chrome_page(ctx: dict) -> str:
    return reverse("bench:chrome")


def static_file(ctx: dict) -> str:
    from django.templatetags.static import static

    return static("css/praxis.css")


def home(ctx: dict) -> str:
    return reverse("site:home")


def content_list(ctx: dict) -> str:
    return reverse_any(["content:list"])


def content_list_filtered(ctx: dict) -> str:
    Theme = model("content.Theme")
    theme = Theme.objects.filter(slug="soins-infirmiers").first() or Theme.objects.order_by("pk").first()
    if theme is None:
        raise NotAvailable("no theme")
    return f"{reverse_any(['content:list'])}?theme={theme.slug}&kind=capsule&profession=nurse"


def _busy_content() -> Any:
    """A published public content from the scale data, preferably the one with the most questions."""
    Content = model("content.Content")
    qs = Content.objects.filter(status="published", visibility="public", revision_of__isnull=True,
                                slug__startswith="scale-")
    content = qs.order_by("-view_count", "pk").first()
    if content is None:
        raise NotAvailable("no published content (seed_scale contents)")
    return content


def content_detail(ctx: dict) -> str:
    """The content carrying the 5 000-answer thread (its page lists its questions), else the most viewed one."""
    Content = model("content.Content")
    thread = ctx.get("thread") or {}
    content = Content.objects.filter(pk=thread["content"]).first() if thread.get("content") else None
    content = content or _busy_content()
    return reverse_any(["content:detail"], {"pk": content.pk, "slug": content.slug}, {"slug": content.slug},
                       {"pk": content.pk})


def search_common(ctx: dict) -> str:
    return f"{reverse_any(['search:search', 'search:results', 'search:index', 'search:home'])}?q=patient"


def search_rare(ctx: dict) -> str:
    return f"{reverse_any(['search:search', 'search:results', 'search:index', 'search:home'])}?q=citadelle"


def directory_near(ctx: dict) -> str:
    return f"{reverse_any(['institutions:directory'])}?place=4000&radius=25"


def agenda(ctx: dict) -> str:
    return reverse_any(["events:agenda"])


def api_contents(ctx: dict) -> str:
    """The content list as JSON (`/api/v1/contents`), 20 items, as an anonymous caller (the bench sends no token)."""
    return reverse_any(["api-v1:contents"]) + "?limit=20"


def api_events(ctx: dict) -> str:
    return reverse_any(["api-v1:events"]) + "?limit=20"


def course(ctx: dict) -> str:
    """The course page of a learner half-way through a scale course (8 lessons, progress on each)."""
    try:
        from praxis.learning import scale
    except ImportError as exc:
        raise NotAvailable("no e-learning app in this code base") from exc
    from praxis.accounts.models import User

    reader = User.objects.filter(email=ctx.get("reader_email", "lecteur@bench.praxis.invalid")).first()
    enrolment = scale.bench_enrolment(reader) if reader else None
    if enrolment is None:
        raise NotAvailable("no scale course (seed_scale)")
    return reverse("learning:course", kwargs={"slug": enrolment.course.slug})


def my_training(ctx: dict) -> str:
    course(ctx)  # the reader's enrolment exists
    return reverse("learning:mine")


def _hospital_page(ctx: dict, which: str) -> str:
    try:
        from praxis.learning import scale
    except ImportError as exc:
        raise NotAvailable("no e-learning app in this code base") from exc
    from praxis.accounts.models import User

    reader = User.objects.filter(email=ctx.get("reader_email", "lecteur@bench.praxis.invalid")).first()
    if not hasattr(scale, "bench_report_path"):
        raise NotAvailable("no institution reports in this code base")
    path = (scale.bench_assignment_path(reader) if which == "assignment"
            else scale.bench_report_path(reader, course=which == "department"))
    if path is None:
        raise NotAvailable("no scale hospital (seed_scale)")
    return path


def department_report(ctx: dict) -> str:
    """The completion of one course per department, over the 5 000 staff of the scale hospital."""
    return _hospital_page(ctx, "department")


def course_report(ctx: dict) -> str:
    """The completion of the 30 courses assigned to the 5 000 staff (150 000 rounds)."""
    return _hospital_page(ctx, "courses")


def assignment_people(ctx: dict) -> str:
    """The first page of the 5 000 people of one assignment."""
    return _hospital_page(ctx, "assignment")


def notifications_count(ctx: dict) -> str:
    return reverse_any(["notifications:bell", "notifications:count", "notifications:unread_count"])


def feed_page(ctx: dict) -> str:
    return reverse_any(["site:feed"])


def jobs_list(ctx: dict) -> str:
    return reverse_any(["jobs:list"])


def icope_result(ctx: dict) -> str:
    """The result page of a self-assessment with three flagged domains and the services near a postal code."""
    from datetime import date

    try:
        from praxis.prevention import icope, wizard
    except ImportError as exc:
        raise NotAvailable("no prevention app") from exc
    flags = dict.fromkeys(icope.DOMAIN_KEYS, False) | {"mobility": True, "nutrition": True, "hearing": True}
    token = wizard.result_token(wizard.SELF, icope.VERSION, date(2026, 12, 1), flags)
    return reverse("prevention:result", args=[token]) + "?country=BE&postal_code=4000"


def cpd_record(ctx: dict) -> str:
    """The record page of the bench reader, given ten years of entries (seeded once by cpd.scale)."""
    from bench.djhelper import bench_member

    try:
        from praxis.cpd.scale import seed_record
    except ImportError as exc:
        raise NotAvailable("no cpd app") from exc
    seed_record(bench_member("lecteur"))
    return reverse_any(["cpd:record"])


def community_home(ctx: dict) -> str:
    """The home of a 200-member community with 2 years of fortnightly meetings, as one of its members (seeded once by
    communities.scale)."""
    from bench.djhelper import bench_member

    try:
        from praxis.communities.scale import bench_home
    except ImportError as exc:
        raise NotAvailable("no 200-member community generator") from exc
    community = bench_home(bench_member("lecteur"))
    return reverse("communities:home", args=[community.slug])


def thread_page(which: str) -> Callable[[dict], str]:
    def build(ctx: dict) -> str:
        thread = ctx.get("thread")
        if not thread:
            raise NotAvailable("no thread with 5 000 answers (discussions app not landed)")
        return thread[which]

    return build


SCENARIOS: list[Scenario] = [
    Scenario("baseline", baseline, kind="baseline", group="stack"),
    Scenario("minimal_page", minimal_page, kind="minimal", group="stack"),
    Scenario("static_file", static_file, kind="static", group="stack"),
    Scenario("chrome.anon", chrome_page, kind="page", group="stack", note="the base template alone, for a visitor"),
    Scenario("chrome.member", chrome_page, auth=True, kind="page", group="stack", max_vs_minimal=0.5,
             note="an empty page with a member's whole chrome; target ≤ 0.5× the minimal page's CPU"),
    Scenario("home.anon", home, kind="page", group="feed"),
    Scenario("home.member", home, auth=True, kind="list", group="feed"),
    Scenario("content_list.anon", content_list, kind="list", group="content"),
    Scenario("content_list.member", content_list, auth=True, kind="list", group="content"),
    Scenario("content_list.filters", content_list_filtered, auth=True, kind="list", group="content"),
    Scenario("content_detail.anon", content_detail, kind="detail", group="content"),
    Scenario("content_detail.member", content_detail, auth=True, kind="detail", group="content"),
    Scenario("search.common", search_common, auth=True, kind="search", group="search"),
    Scenario("search.rare", search_rare, auth=True, kind="search", group="search"),
    Scenario("search.common.anon", search_common, kind="search", group="search"),
    Scenario("directory.near_me", directory_near, auth=True, kind="list", group="directory"),
    Scenario("agenda.anon", agenda, kind="list", group="events"),
    Scenario("agenda.member", agenda, auth=True, kind="list", group="events"),
    Scenario("api.contents_json", api_contents, kind="list", group="api", max_vs_minimal=1.0,
             note="GET /api/v1/contents?limit=20; target ≤ 1× the minimal page's CPU (needs API_RATE_LIMIT_PER_IP "
                  "raised for the bench server, or it measures 429s)"),
    Scenario("api.events_json", api_events, kind="list", group="api", max_vs_minimal=1.0,
             note="GET /api/v1/events?limit=20; target ≤ 1× the minimal page's CPU"),
    Scenario("course.progress", course, auth=True, kind="detail", group="e-learning"),
    Scenario("learning.my_training", my_training, auth=True, kind="list", group="e-learning"),
    Scenario("learning.scorm_commit", scorm_commit, auth=True, method="POST", kind="fragment", group="e-learning",
             body=scorm_commit_body, max_vs_minimal=1.0, per_learner=True,
             note="8 learners, each committing their own attempt; target: CPU ≤ 1× the minimal page"),
    Scenario("learning.department_report", department_report, auth=True, kind="list", group="e-learning",
             max_vs_minimal=10.0, note="5 000 staff; target: bounded queries, CPU ≤ 10× the minimal page"),
    Scenario("learning.course_report", course_report, auth=True, kind="list", group="e-learning",
             max_vs_minimal=10.0, note="150 000 rounds; target: bounded queries, CPU ≤ 10× the minimal page"),
    Scenario("learning.assignment_people", assignment_people, auth=True, kind="list", group="e-learning",
             max_vs_minimal=10.0, note="one assignment of 5 000 people, first page"),
    Scenario("notifications.count", notifications_count, auth=True, kind="fragment", group="notifications"),
    Scenario("feed.more", feed_page, auth=True, kind="list", group="feed"),
    Scenario("cpd.record", cpd_record, auth=True, kind="page", group="cpd",
             note="a member with 10 years of entries; target ≤ 2× the minimal page's CPU"),
    Scenario("community.home_200", community_home, auth=True, kind="page", group="communities",
             note="a 200-member community with 2 years of meetings; target ≤ 2× the minimal page's CPU"),
    Scenario("thread.first_page", thread_page("first"), auth=True, kind="detail", group="discussions"),
    Scenario("thread.middle_page", thread_page("middle"), auth=True, kind="detail", group="discussions"),
    Scenario("thread.last_page", thread_page("last"), auth=True, kind="detail", group="discussions"),
    Scenario("icope.result_near", icope_result, kind="page", group="prevention", max_vs_minimal=2.0,
             note="ICOPE result page with nearby services (target: <= 2x minimal page)"),
]


def resolve(ctx: dict) -> list[dict]:
    """Every scenario with its concrete path, or the reason it is skipped."""
    out = []
    for sc in SCENARIOS:
        row = {"name": sc.name, "auth": sc.auth, "method": sc.method, "kind": sc.kind, "group": sc.group}
        if sc.max_vs_minimal is not None:
            row["max_vs_minimal"] = sc.max_vs_minimal
        if sc.per_learner:
            row["per_learner"] = True
        try:
            row["path"] = sc.url(ctx)
            if sc.body is not None:
                row["body"] = sc.body(ctx)
        except (NotAvailable, NoReverseMatch) as exc:
            row["skip"] = f"not available yet: {exc}"
        out.append(row)
    return out
