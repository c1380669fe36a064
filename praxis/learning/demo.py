"""French demo e-learning: the CHU de Liège trains its staff (three courses, one with a quiz and a video)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content
from praxis.institutions.models import Institution, InstitutionMembership

from .models import Choice, Course, Enrolment, Lesson, LessonProgress, PublicationStatus, Question, Quiz, Visibility

HYGIENE = """Les **cinq moments** de l'hygiène des mains (OMS) :

1. avant de toucher un patient ;
2. avant un geste aseptique ;
3. après un risque d'exposition à un liquide biologique ;
4. après avoir touché un patient ;
5. après avoir touché l'environnement du patient.

La friction hydro-alcoolique dure **20 à 30 secondes**, sur des mains sèches, sans bijoux."""

WELCOME = """Bienvenue au CHU ! Cette formation présente l'organisation des services, les numéros utiles, le badge,
les vestiaires et les règles de confidentialité. Prenez le temps de lire le protocole d'hygiène : il est demandé
à chaque nouveau collaborateur."""

FIRE = """En cas de feu : **donner l'alerte** (poste 112 interne), **évacuer** horizontalement vers le compartiment
voisin, **fermer** les portes, ne jamais utiliser les ascenseurs. Les extincteurs à eau pulvérisée conviennent aux
feux de papier et de textile ; le CO2 aux feux d'origine électrique."""

QUESTIONS = {
    "hygiene": [
        ("single", "Combien de temps dure une friction hydro-alcoolique ?", ["20 à 30 secondes", "5 secondes",
                                                                             "2 minutes"], {0},
         "Il faut 20 à 30 secondes pour couvrir toutes les surfaces des mains."),
        ("multiple", "Quels sont des moments d'hygiène des mains ?", ["Avant de toucher un patient",
                                                                      "Après avoir touché son environnement",
                                                                      "Avant de répondre au téléphone"], {0, 1},
         "Le téléphone n'est pas un des cinq moments, même s'il est souvent contaminé."),
        ("true_false", "On peut porter une alliance pendant les soins.", ["Vrai", "Faux"], {1},
         "Aucun bijou aux mains ni aux poignets pendant les soins."),
    ],
    "incendie": [
        ("single", "Quel extincteur pour un feu d'origine électrique ?", ["CO2", "Eau pulvérisée", "Mousse"], {0},
         "Le CO2 n'est pas conducteur et ne laisse pas de résidu."),
        ("true_false", "On évacue par l'ascenseur s'il est proche.", ["Vrai", "Faux"], {1},
         "Jamais d'ascenseur en cas d'incendie."),
    ],
}


def _course(slug: str, owner: Institution, author: User, **fields: object) -> tuple[Course, bool]:
    course = Course.objects.filter(slug=slug).order_by("-version").first()
    if course:
        return course, False
    themes = fields.pop("themes", [])
    course = Course.objects.create(slug=slug, owner_institution=owner, created_by=author,
                                   status=PublicationStatus.PUBLISHED, published_at=timezone.now(), **fields)
    course.themes.set(themes)
    return course, True


def _text(course: Course, title: str, body: str, **fields: object) -> Lesson:
    from praxis.content.markup import render_article

    return Lesson.objects.create(course=course, kind=Lesson.Kind.TEXT, title=title, body=body,
                                 body_html=render_article(body), position=course.lessons.count() + 1, **fields)


def _quiz(course: Course, title: str, key: str, **settings: object) -> Lesson:
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.QUIZ, title=title,
                                   position=course.lessons.count() + 1)
    quiz = Quiz.objects.create(lesson=lesson, **settings)
    for position, (kind, text, choices, right, explanation) in enumerate(QUESTIONS[key], start=1):
        question = Question.objects.create(quiz=quiz, kind=kind, text=text, explanation=explanation,
                                           position=position)
        Choice.objects.bulk_create([Choice(question=question, text=label, is_correct=i in right, position=i)
                                    for i, label in enumerate(choices)])
    return lesson


def seed() -> str:
    users = {u.email: u for u in User.objects.filter(email__endswith="@praxis.local")}
    chu = Institution.objects.filter(slug="chu-de-liege").first()
    if chu is None or "admin@praxis.local" not in users:
        return "skipped (no demo institution)"
    admin = users["admin@praxis.local"]
    created = 0
    trainer = users.get("emma.dupont@praxis.local")
    if trainer:  # the CHU's trainer, who writes its courses (demo only: staff are managed in the directory)
        InstitutionMembership.objects.get_or_create(institution=chu, user=trainer, defaults={"role": "trainer"})

    hygiene, new = _course("hygiene-des-mains-cinq-moments", chu, admin,
                           title="Hygiène des mains : les cinq moments",
                           summary="La formation annuelle obligatoire de tout le personnel soignant : quand et "
                                   "comment se désinfecter les mains, et pourquoi.",
                           visibility=Visibility.INTERNAL, estimated_minutes=20, cpd_points=Decimal("1"),
                           certificate_validity_months=12, target_professions=["nurse", "gp", "specialist"])
    if new:
        created += 1
        first = _text(hygiene, "Les cinq moments", HYGIENE, estimated_minutes=5)
        video = Content.objects.filter(kind=Content.Kind.CAPSULE, status=Content.Status.PUBLISHED,
                                       video__status="ready").order_by("pk").first()
        if video:
            Lesson.objects.create(course=hygiene, kind=Lesson.Kind.CAPSULE, content=video, title=video.title,
                                  position=hygiene.lessons.count() + 1, prerequisite=first, estimated_minutes=5)
        _quiz(hygiene, "Vérifiez vos connaissances", "hygiene", pass_mark=80, max_attempts=3)

    welcome, new = _course("accueil-nouveaux-collaborateurs", chu, admin,
                           title="Accueil des nouveaux collaborateurs",
                           summary="Tout ce qu'il faut savoir pour votre première semaine au CHU de Liège.",
                           visibility=Visibility.INTERNAL, estimated_minutes=30)
    if new:
        created += 1
        _text(welcome, "Bienvenue", WELCOME)
        protocol = Content.objects.filter(kind=Content.Kind.DOCUMENT, status=Content.Status.PUBLISHED).filter(
            title__icontains="hygiène").first()
        if protocol:
            Lesson.objects.create(course=welcome, kind=Lesson.Kind.DOCUMENT, content=protocol,
                                  title="Le protocole d'hygiène", position=welcome.lessons.count() + 1)

    fire, new = _course("securite-incendie", chu, admin, title="Sécurité incendie à l'hôpital",
                        summary="Donner l'alerte, évacuer, choisir l'extincteur : le rappel annuel, ouvert à tous "
                                "les soignants membres de Praxis.",
                        visibility=Visibility.OPEN, estimated_minutes=15, certificate_validity_months=12,
                        cpd_points=Decimal("0.5"), cpd_rubric="general")
    if new:
        created += 1
        _text(fire, "Les bons réflexes", FIRE)
        _quiz(fire, "Quiz incendie", "incendie", pass_mark=100, max_attempts=None, time_limit_minutes=10)

    # Claire (staff of the CHU) is half-way through hand hygiene; Dr Martin completed fire safety last year.
    claire, martin = users.get("claire.renard@praxis.local"), users.get("dr.martin@praxis.local")
    now = timezone.now()
    if claire and not Enrolment.objects.filter(user=claire, course=hygiene).exists():
        enrolment = Enrolment.objects.create(user=claire, course=hygiene, enrolled_at=now - timedelta(days=3),
                                             last_activity_at=now - timedelta(days=1))
        first = hygiene.lessons.order_by("position").first()
        LessonProgress.objects.create(enrolment=enrolment, lesson=first, status=LessonProgress.Status.COMPLETED,
                                      started_at=now - timedelta(days=3), completed_at=now - timedelta(days=3),
                                      acknowledged_at=now - timedelta(days=3))
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=first)
    if martin and not Enrolment.objects.filter(user=martin, course=fire).exists():
        done_at = now - timedelta(days=340)
        enrolment = Enrolment.objects.create(
            user=martin, course=fire, status=Enrolment.Status.COMPLETED, enrolled_at=done_at, completed_at=done_at,
            valid_until=(done_at + timedelta(days=365)).date(), last_activity_at=done_at)
        for lesson in fire.lessons.all():
            LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, status=LessonProgress.Status.COMPLETED,
                                          started_at=done_at, completed_at=done_at,
                                          score=Decimal("100") if lesson.kind == Lesson.Kind.QUIZ else None)
    return f"{created} courses"
