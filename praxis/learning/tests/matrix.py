"""Permission-matrix rows for every learning route (see praxis/testing/matrix.py)."""

from types import SimpleNamespace

from praxis.core.actor import Actor
from praxis.learning import services
from praxis.learning.models import PublicationStatus, Visibility
from praxis.learning.scorm import services as scorm_services
from praxis.learning.tests.scorm.factories import make_scorm_lesson
from praxis.testing.matrix import LOGIN, Route, members_only

from .factories import make_course, make_document_lesson, make_enrolment, make_quiz_lesson, make_text_lesson

STAFF = {"institution_admin", "institution_staff", "platform_admin"}


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.lrn_course = make_course(None, slug="hygiene-des-mains", lessons=0)
    world.lrn_text = make_text_lesson(world.lrn_course, title="Les cinq moments")
    world.lrn_quiz = make_quiz_lesson(world.lrn_course)
    world.lrn_document = make_document_lesson(world.lrn_course, p.moderator)
    world.lrn_enrolment = make_enrolment(world.lrn_course, p.verified_gp)
    world.lrn_attempt = services.quiz_attempt_start(actor=Actor(p.verified_gp), enrolment=world.lrn_enrolment,
                                                lesson=world.lrn_quiz)
    world.lrn_internal = make_course(p.institution, slug="accueil-interne", visibility=Visibility.INTERNAL, lessons=1)
    world.lrn_internal_lesson = world.lrn_internal.lessons.get()
    world.lrn_draft = make_course(p.institution, slug="brouillon", status=PublicationStatus.DRAFT)
    world.lrn_draft_text = make_text_lesson(world.lrn_draft)
    world.lrn_draft_quiz = make_quiz_lesson(world.lrn_draft)
    world.lrn_draft_question = world.lrn_draft_quiz.quiz.questions.all()[0]
    world.lrn_empty_draft = make_course(p.institution, slug="brouillon-vide", status=PublicationStatus.DRAFT)
    world.lrn_scorm = make_scorm_lesson(world.lrn_course)
    progress = services.lesson_open(actor=Actor(p.verified_gp), enrolment=world.lrn_enrolment, lesson=world.lrn_scorm)
    _mandatory_setup(world)
    _programme_setup(world)
    _review_setup(world)
    [world.lrn_scorm_attempt] = scorm_services.scorm_attempts_open(actor=Actor(p.verified_gp), progress=progress,
                                                                   package=world.lrn_scorm.scorm_package)


def internal_only(ok: int = 200) -> dict[str, int]:
    """An internal course exists only for its institution's staff (and platform admins): 404 for the others."""
    return {"anonymous": LOGIN, **dict.fromkeys(STAFF, ok), "*": 404}


COURSE = "hygiene-des-mains"
AUTHOR_NAMES = {"institution_admin", "platform_admin"}


def authors(ok: int = 200) -> dict[str, int]:
    return {"anonymous": LOGIN, **dict.fromkeys(AUTHOR_NAMES, ok), "*": 403}


def draft_authors(ok: int = 200) -> dict[str, int]:
    return {"anonymous": LOGIN, **dict.fromkeys(AUTHOR_NAMES, ok), "*": 404}


AUTHORS = authors()
DRAFT_AUTHORS = draft_authors()
# The enrolled learner follows; platform admins preview (authors); other members are not enrolled.
LEARNER = {"anonymous": LOGIN, "verified_gp": 200, "platform_admin": 200, "*": 403}


def lesson(name: str):
    return lambda w: {"slug": COURSE, "lesson_id": getattr(w, f"lrn_{name}").pk}


def learner(ok: int, preview: int = 403) -> dict[str, int]:
    return {"anonymous": LOGIN, "verified_gp": ok, "platform_admin": preview, "*": 403}


ROUTES = [
    Route("learning:catalogue", members_only()),
    Route("learning:catalogue", members_only(), htmx=True),
    Route("learning:catalogue", {"anonymous": LOGIN, "*": 405}, method="post"),
    Route("learning:mine", members_only()),
    Route("learning:mine", members_only(), htmx=True),
    Route("learning:course", members_only(), kwargs={"slug": COURSE}),
    Route("learning:course", members_only(), kwargs={"slug": COURSE}, htmx=True),
    Route("learning:course", internal_only(), kwargs={"slug": "accueil-interne"}),
    Route("learning:course", {"anonymous": LOGIN, "*": 404}, kwargs={"slug": "no-such-course"}),
    Route("learning:enrol", members_only(302), kwargs={"slug": "hygiene-des-mains"}, method="post"),
    Route("learning:enrol", {**internal_only(302), "platform_admin": 403}, kwargs={"slug": "accueil-interne"},
          method="post"),
    Route("learning:enrol", {"anonymous": LOGIN, "*": 405}, kwargs={"slug": "hygiene-des-mains"}),
    Route("learning:lesson", LEARNER, kwargs=lesson("text")),
    Route("learning:lesson", LEARNER, kwargs=lesson("text"), htmx=True),
    Route("learning:lesson", LEARNER, kwargs=lesson("quiz")),
    Route("learning:lesson", LEARNER, kwargs=lesson("document")),
    Route("learning:lesson", {**internal_only(403), "institution_admin": 200, "platform_admin": 200},
          kwargs=lambda w: {"slug": "accueil-interne", "lesson_id": w.lrn_internal_lesson.pk}),
    Route("learning:lesson", {"anonymous": LOGIN, "*": 405}, kwargs=lesson("text"), method="post"),
    Route("learning:document", LEARNER, kwargs=lesson("document")),
    Route("learning:acknowledge", learner(302), kwargs=lesson("text"), method="post"),
    Route("learning:acknowledge", {"anonymous": LOGIN, "*": 405}, kwargs=lesson("text")),
    # A heartbeat for a lesson that is not a video: refused with a message.
    Route("learning:heartbeat", learner(400), kwargs=lesson("text"), method="post"),
    Route("learning:heartbeat", {"anonymous": LOGIN, "*": 405}, kwargs=lesson("text")),
    Route("learning:quiz_start", learner(302), kwargs=lesson("quiz"), method="post"),
    Route("learning:quiz_start", learner(404), kwargs=lesson("text"), method="post"),
    Route("learning:quiz_submit", learner(302),
          kwargs=lambda w: {"slug": COURSE, "lesson_id": w.lrn_quiz.pk, "attempt_id": w.lrn_attempt.pk}, method="post"),
    Route("learning:quiz_submit", {"anonymous": LOGIN, "*": 405},
          kwargs=lambda w: {"slug": COURSE, "lesson_id": w.lrn_quiz.pk, "attempt_id": w.lrn_attempt.pk}),
    # Authoring: the institution's admins and trainers, the platform admins. A draft is invisible (404) to others.
    Route("learning:authoring", AUTHORS),
    Route("learning:authoring", AUTHORS, htmx=True),
    Route("learning:course_new", AUTHORS),
    Route("learning:course_new", authors(400), method="post"),
    Route("learning:edit", DRAFT_AUTHORS, kwargs=lambda w: {"course_id": w.lrn_draft.pk}),
    Route("learning:edit", DRAFT_AUTHORS, kwargs=lambda w: {"course_id": w.lrn_draft.pk}, htmx=True),
    Route("learning:edit", draft_authors(400), kwargs=lambda w: {"course_id": w.lrn_draft.pk}, method="post"),
    Route("learning:edit", {"anonymous": LOGIN, "platform_admin": 200, "*": 403},
          kwargs=lambda w: {"course_id": w.lrn_course.pk}),
    Route("learning:lesson_new", draft_authors(400), kwargs=lambda w: {"course_id": w.lrn_draft.pk}, method="post"),
    Route("learning:lesson_new", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"course_id": w.lrn_draft.pk}),
    # Publishing a draft without lessons is refused with a message.
    Route("learning:publish", draft_authors(302), kwargs=lambda w: {"course_id": w.lrn_empty_draft.pk}, method="post"),
    Route("learning:publish", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"course_id": w.lrn_empty_draft.pk}),
    # The platform's courses go through review: submitting again a course in review says so (302 with a message);
    # reviewers of its themes see the list and decide (an empty decision: 400); nobody else.
    Route("learning:submit", {"anonymous": LOGIN, "platform_admin": 302, "reviewer": 403, "*": 404},
          kwargs=lambda w: {"course_id": w.lrn_in_review.pk}, method="post"),
    Route("learning:submit", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"course_id": w.lrn_in_review.pk}),
    Route("learning:course_reviews", {"anonymous": LOGIN, "reviewer": 200, "*": 403}),
    Route("learning:course_reviews", {"anonymous": LOGIN, "reviewer": 200, "*": 403}, htmx=True),
    Route("learning:course_reviews", {"anonymous": LOGIN, "*": 405}, method="post"),
    Route("learning:course_review", {"anonymous": LOGIN, "reviewer": 200, "*": 403},
          kwargs=lambda w: {"review_id": w.lrn_review.pk}),
    Route("learning:course_review", {"anonymous": LOGIN, "reviewer": 400, "*": 403},
          kwargs=lambda w: {"review_id": w.lrn_review.pk}, method="post"),
    Route("learning:course_review", {"anonymous": LOGIN, "reviewer": 400, "*": 403},
          kwargs=lambda w: {"review_id": w.lrn_review.pk}, method="post", htmx=True),
    Route("learning:new_version", {"anonymous": LOGIN, "platform_admin": 302, "*": 403},
          kwargs=lambda w: {"course_id": w.lrn_course.pk}, method="post"),
    Route("learning:new_version", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"course_id": w.lrn_course.pk}),
    Route("learning:lesson_edit", DRAFT_AUTHORS, kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk}),
    Route("learning:lesson_edit", draft_authors(400), kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk},
          method="post"),
    Route("learning:lesson_move", draft_authors(302), kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk},
          method="post", data={"direction": "down"}),
    Route("learning:lesson_move", draft_authors(400), kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk},
          method="post"),
    Route("learning:lesson_move", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk}),
    # A lesson of a published version is not deleted: refused with a message.
    Route("learning:lesson_delete", {"anonymous": LOGIN, "platform_admin": 302, "*": 403},
          kwargs=lambda w: {"lesson_id": w.lrn_text.pk}, method="post"),
    Route("learning:lesson_delete", {"anonymous": LOGIN, "*": 405}, kwargs=lambda w: {"lesson_id": w.lrn_text.pk}),
    Route("learning:quiz_edit", DRAFT_AUTHORS, kwargs=lambda w: {"lesson_id": w.lrn_draft_quiz.pk}),
    Route("learning:quiz_edit", draft_authors(400), kwargs=lambda w: {"lesson_id": w.lrn_draft_quiz.pk}, method="post"),
    Route("learning:quiz_edit", draft_authors(404), kwargs=lambda w: {"lesson_id": w.lrn_draft_text.pk}),
    Route("learning:question_edit", DRAFT_AUTHORS, kwargs=lambda w: {"question_id": w.lrn_draft_question.pk}),
    Route("learning:question_edit", draft_authors(400), kwargs=lambda w: {"question_id": w.lrn_draft_question.pk},
          method="post"),
    # A question of a published version is frozen.
    Route("learning:question_edit", {"anonymous": LOGIN, "platform_admin": 404, "*": 403},
          kwargs=lambda w: {"question_id": w.lrn_quiz.quiz.questions.all()[0].pk}),
    # SCORM: the lesson page launches the package (preview for authors); commits go to the learner's own attempt
    # only (an empty body is unreadable: 400); the package is uploaded by the course's authors.
    Route("learning:lesson", LEARNER, kwargs=lesson("scorm")),
    Route("learning:scorm_commit", {"anonymous": 403, "verified_gp": 400, "*": 403}, method="post",
          kwargs=lambda w: {**lesson("scorm")(w), "attempt_id": w.lrn_scorm_attempt.pk}),
    Route("learning:scorm_commit", {"*": 405},
          kwargs=lambda w: {**lesson("scorm")(w), "attempt_id": w.lrn_scorm_attempt.pk}),
    Route("learning:scorm_upload", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}, kwargs=lesson("scorm")),
    Route("learning:scorm_upload", {"anonymous": LOGIN, "platform_admin": 200, "*": 403}, kwargs=lesson("scorm"),
          htmx=True),
    Route("learning:scorm_upload", {"anonymous": LOGIN, "platform_admin": 400, "*": 403}, kwargs=lesson("scorm"),
          method="post"),
    Route("learning:scorm_lesson_new", DRAFT_AUTHORS, kwargs=lambda w: {"course_id": w.lrn_draft.pk}),
    Route("learning:scorm_lesson_new", draft_authors(400), kwargs=lambda w: {"course_id": w.lrn_draft.pk},
          method="post"),
]


def _mandatory_setup(world: SimpleNamespace) -> None:
    from praxis.learning.mandatory import rules as mandatory_rules
    from praxis.learning.mandatory import services as mandatory_services
    from praxis.learning.mandatory.models import Department, StaffMember

    p = world.personas
    world.lrn_department = Department.objects.create(institution=p.institution, name="Urgences")
    StaffMember.objects.create(institution=p.institution, user=p.institution_staff, email=p.institution_staff.email,
                               first_name="Inès", last_name="Staff", department=world.lrn_department,
                               profession="nurse")
    admin = Actor(p.institution_admin)
    world.lrn_assignment, _count = mandatory_services.assignment_create(
        actor=admin, scope=mandatory_rules.check_scope(admin, p.institution.pk), institution=p.institution,
        data={"course": world.lrn_internal, "target": "department", "department": world.lrn_department,
              "due_days": 30, "auto_assign": True})


# The institution's training pages: its admins (and platform admins) manage them; its other staff get 403 (department
# managers see their departments: tested apart); a page of an institution one is not on the staff of does not exist.
MANAGERS = {"anonymous": LOGIN, "institution_admin": 200, "platform_admin": 200, "institution_staff": 403, "*": 404}


def managers(ok: int) -> dict[str, int]:
    return {**MANAGERS, "institution_admin": ok, "platform_admin": ok}


def team(w) -> dict[str, str]:
    return {"institution": w.personas.institution.slug}


def team_assignment(w) -> dict[str, object]:
    return {"institution": w.personas.institution.slug, "assignment_id": w.lrn_assignment.pk}


def team_department(w) -> dict[str, object]:
    return {"institution": w.personas.institution.slug, "department_id": w.lrn_department.pk}


ROUTES += [
    # The institutions whose training one manages; none: nothing to show.
    Route("learning:teams", {"anonymous": LOGIN, "institution_admin": 200, "*": 404}),
    Route("learning:staff", MANAGERS, kwargs=team),
    Route("learning:staff", MANAGERS, kwargs=team, htmx=True),
    Route("learning:staff", {"anonymous": LOGIN, "*": 404}, kwargs={"institution": "no-such-institution"}),
    Route("learning:staff_import", MANAGERS, kwargs=team),
    # A POST without a file shows the form again.
    Route("learning:staff_import", MANAGERS, kwargs=team, method="post"),
    Route("learning:departments", MANAGERS, kwargs=team),
    Route("learning:departments", managers(400), kwargs=team, method="post"),
    Route("learning:department_manager", managers(302), kwargs=team_department, method="post"),
    Route("learning:department_manager", {"anonymous": LOGIN, "*": 405}, kwargs=team_department),
    Route("learning:assignments", MANAGERS, kwargs=team),
    Route("learning:assignment_new", MANAGERS, kwargs=team),
    Route("learning:assignment_new", managers(400), kwargs=team, method="post"),
    Route("learning:assignment", MANAGERS, kwargs=team_assignment),
    Route("learning:assignment", MANAGERS, kwargs=team_assignment, htmx=True),
    Route("learning:assignment_close", managers(302), kwargs=team_assignment, method="post"),
    Route("learning:assignment_close", {"anonymous": LOGIN, "*": 405}, kwargs=team_assignment),
    Route("learning:report", MANAGERS, kwargs=team),
    Route("learning:report_csv", MANAGERS, kwargs=team),
]


def _review_setup(world: SimpleNamespace) -> None:
    """A platform course waiting for review, of a theme the reviewer persona covers."""
    from praxis.review.tests.factories import make_competence, make_theme

    p = world.personas
    theme = make_theme()
    make_competence(p.reviewer, theme)
    course = make_course(None, slug="cours-en-relecture", status=PublicationStatus.DRAFT, lessons=1,
                         created_by=p.platform_admin)
    course.themes.set([theme])
    world.lrn_in_review = course
    world.lrn_review = services.course_submit(actor=Actor(p.platform_admin), course=course)


def _programme_setup(world: SimpleNamespace) -> None:
    from praxis.learning.models import Programme, ProgrammeCourse

    p = world.personas
    world.lrn_programme = Programme.objects.create(title="Hygiène", slug="parcours-hygiene",
                                                   status=PublicationStatus.PUBLISHED)
    world.lrn_programme_item = ProgrammeCourse.objects.create(programme=world.lrn_programme, course=world.lrn_course,
                                                              position=1)
    world.lrn_programme_draft = Programme.objects.create(title="Accueil", slug="parcours-accueil",
                                                         owner_institution=p.institution,
                                                         visibility=Visibility.INTERNAL)
    world.lrn_programme_draft_item = ProgrammeCourse.objects.create(
        programme=world.lrn_programme_draft, course=world.lrn_internal, position=1)
    world.lrn_programme_empty = Programme.objects.create(title="Vide", slug="parcours-vide",
                                                         owner_institution=p.institution)


def programme(name: str):
    return lambda w: {"programme_id": getattr(w, f"lrn_programme{name}").pk}


def programme_item(name: str):
    return lambda w: {"item_id": getattr(w, f"lrn_programme{name}_item").pk}


PLATFORM_EDITS = {"anonymous": LOGIN, "platform_admin": 200, "*": 403}

ROUTES += [
    # Programmes: a published open one is every member's; a draft exists only for its authors.
    Route("learning:programme", members_only(), kwargs={"slug": "parcours-hygiene"}),
    Route("learning:programme", members_only(), kwargs={"slug": "parcours-hygiene"}, htmx=True),
    Route("learning:programme", DRAFT_AUTHORS, kwargs={"slug": "parcours-accueil"}),
    Route("learning:programme", {"anonymous": LOGIN, "*": 405}, kwargs={"slug": "parcours-hygiene"}, method="post"),
    Route("learning:programme_new", AUTHORS),
    Route("learning:programme_new", authors(400), method="post"),
    Route("learning:programme_edit", DRAFT_AUTHORS, kwargs=programme("_draft")),
    Route("learning:programme_edit", DRAFT_AUTHORS, kwargs=programme("_draft"), htmx=True),
    Route("learning:programme_edit", draft_authors(400), kwargs=programme("_draft"), method="post"),
    Route("learning:programme_edit", PLATFORM_EDITS, kwargs=programme("")),
    Route("learning:programme_item_add", draft_authors(400), kwargs=programme("_draft"), method="post"),
    Route("learning:programme_item_add", {"anonymous": LOGIN, "*": 405}, kwargs=programme("_draft")),
    # Publishing a programme without courses is refused with a message.
    Route("learning:programme_publish", draft_authors(302), kwargs=programme("_empty"), method="post"),
    Route("learning:programme_publish", {"anonymous": LOGIN, "*": 405}, kwargs=programme("_empty")),
    Route("learning:programme_item_move", draft_authors(302), kwargs=programme_item("_draft"), method="post",
          data={"direction": "down"}),
    Route("learning:programme_item_move", draft_authors(400), kwargs=programme_item("_draft"), method="post"),
    Route("learning:programme_item_move", {"anonymous": LOGIN, "*": 405}, kwargs=programme_item("_draft")),
    Route("learning:programme_item_remove", {**PLATFORM_EDITS, "platform_admin": 302}, kwargs=programme_item(""),
          method="post"),
    Route("learning:programme_item_remove", {"anonymous": LOGIN, "*": 405}, kwargs=programme_item("")),
]
