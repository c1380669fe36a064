"""French demo data for communities of practice: a Brussels network of three local communities (proximity referents,
case managers, organisers of multidisciplinary consultations) with their members, a request and an invitation.
Idempotent: running it twice changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from praxis.accounts.demo import DEMO_PASSWORD, inami
from praxis.accounts.models import User, VerificationStatus
from praxis.institutions import geo
from praxis.institutions.models import Follow, PostalCode

from .models import (
    Action,
    Attendance,
    Case,
    CaseComment,
    CaseOutcome,
    Community,
    CommunityInvitation,
    CommunityMembership,
    Decision,
    JoinRequest,
    Meeting,
    Recommendation,
    Reply,
    SurveyAnswer,
    Thread,
)

# email, first name, last name, profession, postal code, town
BRUSSELS_MEMBERS = [
    ("ines.haddad@praxis.local", "Inès", "Haddad", "nurse", "1030", "Schaerbeek"),
    ("pieter.janssens@praxis.local", "Pieter", "Janssens", "gp", "1140", "Evere"),
    ("aicha.benali@praxis.local", "Aïcha", "Benali", "social_worker", "1210", "Saint-Josse-ten-Noode"),
    ("lotte.peeters@praxis.local", "Lotte", "Peeters", "physiotherapist", "1030", "Schaerbeek"),
    ("youssef.amrani@praxis.local", "Youssef", "Amrani", "pharmacist", "1070", "Anderlecht"),
    ("marie.claes@praxis.local", "Marie", "Claes", "nurse", "1080", "Molenbeek-Saint-Jean"),
    ("david.mertens@praxis.local", "David", "Mertens", "gp", "1070", "Anderlecht"),
    ("sarah.wouters@praxis.local", "Sarah", "Wouters", "psychologist", "1060", "Saint-Gilles"),
    ("olivier.dumont@praxis.local", "Olivier", "Dumont", "occupational_therapist", "1190", "Forest"),
    ("nora.vandamme@praxis.local", "Nora", "Van Damme", "dietitian", "1060", "Saint-Gilles"),
    # The network's organiser, on the coordinating institution's staff: she sees the indicators and edits templates.
    ("julie.lambert@praxis.local", "Julie", "Lambert", "social_worker", "1000", "Bruxelles"),
]
PROFESSION_DIGITS = {"gp": 1, "nurse": 4, "physiotherapist": 5, "pharmacist": 2, "psychologist": 7, "dietitian": 6,
                     "occupational_therapist": 6, "social_worker": 9}

COMMUNITIES: list[dict[str, Any]] = [
    {
        "slug": "cdp-schaerbeek-evere-saint-josse", "name": "CdP Schaerbeek – Evere – Saint-Josse",
        "purpose": "Référents de proximité et case managers du nord-est de Bruxelles : mieux coordonner le retour à "
                   "domicile après une hospitalisation et l'accès aux aides pour les personnes isolées.",
        "description": "Une réunion toutes les six semaines en cinq phases, en présentiel à la maison de quartier ou "
                       "en ligne. Les cas sont organisationnels : jamais de nom ni de donnée de patient.",
        "scope": "territory", "places": ["1030", "1140", "1210"], "languages": ["fr", "nl"],
        "join_policy": "request", "peer_group_number": "GLEM-BXL-0421",
        "members": [("dr.martin@praxis.local", "facilitator"), ("ines.haddad@praxis.local", "facilitator"),
                    ("pieter.janssens@praxis.local", "member"), ("aicha.benali@praxis.local", "member"),
                    ("lotte.peeters@praxis.local", "member"), ("claire.renard@praxis.local", "member")],
    },
    {
        "slug": "cdp-anderlecht-molenbeek", "name": "CdP Anderlecht – Molenbeek",
        "purpose": "Organisateurs de concertations multidisciplinaires : préparer, animer et suivre les "
                   "concertations autour des personnes âgées à domicile.",
        "description": "Ouverte à tous les professionnels vérifiés du territoire.",
        "scope": "territory", "places": ["1070", "1080"], "languages": ["fr", "nl", "ar"],
        "join_policy": "open", "peer_group_number": "",
        "members": [("david.mertens@praxis.local", "facilitator"), ("youssef.amrani@praxis.local", "member"),
                    ("marie.claes@praxis.local", "member"), ("relecteur@praxis.local", "member")],
    },
    {
        "slug": "cdp-saint-gilles-forest", "name": "CdP Saint-Gilles – Forest",
        "purpose": "Santé mentale de première ligne : orienter sans délai, partager les ressources du quartier et "
                   "soutenir les soignants face aux situations complexes.",
        "description": "Sur invitation des animatrices, pour garder un groupe de douze personnes au plus.",
        "scope": "territory", "places": ["1060", "1190"], "languages": ["fr"],
        "join_policy": "invitation", "peer_group_number": "",
        "members": [("sarah.wouters@praxis.local", "facilitator"), ("olivier.dumont@praxis.local", "member"),
                    ("nora.vandamme@praxis.local", "member"), ("lea.bernard@praxis.local", "member")],
    },
]


def _members() -> int:
    created = 0
    for n, (email, first, last, profession, postal, town) in enumerate(BRUSSELS_MEMBERS):
        if User.objects.filter(email=email).exists():
            continue
        number = inami(PROFESSION_DIGITS.get(profession, 4), 61000 + n, "000")
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, profession=profession,
            country="BE", registration_number=number if profession != "social_worker" else "",
            registration_kind="inami" if profession != "social_worker" else "",
            registration_key=number[:8] if profession != "social_worker" else "", postal_code=postal, city=town,
            languages=["fr", "nl"], verification_status=VerificationStatus.VERIFIED,
            individual_declared_at=timezone.now(), verified_at=timezone.now())
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created += 1
    return created


def _place_rows(codes: list[str]) -> list[PostalCode]:
    rows = []
    for code in codes:
        found = geo.locate("BE", code)
        if found:
            row = PostalCode.objects.filter(country="BE", postal_code=code, name=found[0].name).first()
            if row is not None:
                rows.append(row)
    return rows


def seed() -> str:
    created_members = _members()
    users = {u.email: u for u in User.objects.filter(email__endswith="@praxis.local")}
    created = 0
    for spec in COMMUNITIES:
        community, was_created = Community.objects.get_or_create(slug=spec["slug"], defaults={
            "name": spec["name"], "purpose": spec["purpose"], "description": spec["description"],
            "scope": spec["scope"], "languages": spec["languages"], "join_policy": spec["join_policy"],
            "peer_group_number": spec["peer_group_number"], "visibility": Community.Visibility.PUBLIC,
            "created_by": users.get(spec["members"][0][0]),
        })
        if not was_created:
            continue
        created += 1
        community.places.set(_place_rows(spec["places"]))
        for email, role in spec["members"]:
            if email in users:
                CommunityMembership.objects.get_or_create(community=community, user=users[email],
                                                          defaults={"role": role})
    schaerbeek = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    if schaerbeek is not None:
        requester = users.get("sophie.lefebvre@praxis.local")
        if requester and not JoinRequest.objects.filter(community=schaerbeek, user=requester).exists():
            JoinRequest.objects.create(community=schaerbeek, user=requester,
                                       message="Kinésithérapeute, je travaille souvent avec des patients d'Evere.")
        CommunityInvitation.objects.get_or_create(community=schaerbeek, email="coordinatrice.cmd@example.org",
                                                  defaults={"invited_by": users.get("dr.martin@praxis.local"),
                                                            "expires_at": timezone.now() + timedelta(days=10)})
        follower = users.get("marc.girard@praxis.local")
        if follower:
            Follow.objects.get_or_create(follower=follower, target_kind=Follow.Kind.COMMUNITY,
                                         target_id=schaerbeek.pk)
    _network()
    cases = _cases(users)
    meetings = _meetings(users)
    _tools(users)
    _case_themes()
    _library(users)
    _templates(users)
    return (f"{created_members} Brussels members, {created} communities created ({Community.objects.count()} in all), "
            f"{cases} cases, {meetings} meetings")


def _meetings(users: dict[str, User]) -> int:
    """A meeting held six weeks ago (roll call, minutes, decisions, actions) and the next one, in Schaerbeek."""
    from .services.meetings import agenda_template

    community = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    if community is None or community.meetings.exists():
        return 0
    ines, pieter = users.get("ines.haddad@praxis.local"), users.get("pieter.janssens@praxis.local")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    template = agenda_template(community)
    held = Meeting.objects.create(
        community=community, title="Réunion d'octobre", starts_at=now - timedelta(days=42, hours=4),
        ends_at=now - timedelta(days=42, hours=2), place="Maison de quartier Dailly, salle 2", created_by=ines,
        agenda=[{**phase, "items": []} for phase in template], status=Meeting.Status.HELD,
        attendance_taken_at=now - timedelta(days=42), minutes_sent_at=now - timedelta(days=41),
        minutes={"welcome": "Tour de table : deux nouvelles membres.", "recap": "La fiche de liaison est prête.",
                 "exchange": "Cas des sorties du vendredi soir présenté et discuté.",
                 "themes": "Posture face aux refus d'aide : échange d'expériences.",
                 "closure": "Validation des décisions ; sujets de la prochaine réunion choisis."},
        next_topics="Outils de liaison hôpital-domicile\nPersonnes isolées qui refusent l'aide")
    for membership in community.memberships.all():
        absent = users.get("claire.renard@praxis.local")
        Attendance.objects.create(meeting=held, user_id=membership.user_id,
                                  present=absent is None or membership.user_id != absent.pk)
    Decision.objects.create(meeting=held, text="Une personne de référence par service pour les sorties du vendredi.")
    Action.objects.create(community=community, meeting=held, text="Diffuser la fiche de liaison aux trois services",
                          owner=pieter, due_on=timezone.localdate() + timedelta(days=5), created_by=ines)
    Action.objects.create(community=community, meeting=held, text="Réserver la salle pour la prochaine réunion",
                          owner=ines, due_on=timezone.localdate() - timedelta(days=20), created_by=ines,
                          done_at=now - timedelta(days=25))
    if pieter is not None:
        SurveyAnswer.objects.create(meeting=held, user=pieter, usefulness=5, will_apply="La fiche de liaison.")
    upcoming = Meeting.objects.create(
        community=community, title="Réunion de décembre", starts_at=now + timedelta(days=9),
        ends_at=now + timedelta(days=9, hours=2), place="Maison de quartier Dailly, salle 2", created_by=ines,
        agenda=[{**phase, "items": {"recap": ["Action : Diffuser la fiche de liaison aux trois services"],
                                    "themes": ["Outils de liaison hôpital-domicile",
                                               "Personnes isolées qui refusent l'aide"]}.get(phase["key"], [])}
                for phase in template])
    upcoming.cases.set(community.cases.filter(status=Case.Status.OPEN))
    return 2


def _cases(users: dict[str, User]) -> int:
    """Organisational cases at every step of their path, and a discussion, in the Schaerbeek community."""
    community = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    if community is None or community.cases.exists():
        return 0
    ines, pieter, aicha, martin = (users.get(e) for e in ["ines.haddad@praxis.local", "pieter.janssens@praxis.local",
                                                          "aicha.benali@praxis.local", "dr.martin@praxis.local"])
    now = timezone.now()
    documented = Case.objects.create(
        community=community, author=pieter, title="Sorties d'hôpital du vendredi soir sans plan de soins",
        context="Trois services de soins à domicile et deux hôpitaux du territoire ; sorties décidées en fin de "
                "semaine.",
        problem="Les patients rentrent le vendredi soir sans que l'infirmière à domicile ni le médecin traitant "
                "aient reçu le plan de soins : le week-end se passe sans coordination.",
        roles_involved="Service social de l'hôpital, infirmière à domicile, médecin généraliste, pharmacien.",
        resources_used="Fiche de liaison régionale, numéro de garde de la coordination.",
        tried="Appel du service social la veille de la sortie ; envoi de la fiche par la messagerie sécurisée.",
        open_questions="Comment obtenir l'information quand la sortie est décidée le jour même ?",
        status=Case.Status.DOCUMENTED, documented_by=ines, documented_at=now - timedelta(days=40),
        followup_due_on=timezone.localdate() - timedelta(days=5), followup_asked_at=now - timedelta(days=5),
    )
    Case.objects.filter(pk=documented.pk).update(created_at=now - timedelta(days=70))
    CaseComment.objects.create(case=documented, author=aicha,
                               text="Même constat côté CPAS : nous apprenons la sortie le lundi.")
    Recommendation.objects.create(case=documented, recorded_by=ines,
                                  text="Désigner une personne de référence par service pour les sorties du vendredi.")
    Recommendation.objects.create(case=documented, recorded_by=ines,
                                  text="Envoyer la fiche de liaison avant 14 h le vendredi, même incomplète.")
    CaseOutcome.objects.create(case=documented, author=pieter, applied=CaseOutcome.Applied.PARTLY,
                               change=CaseOutcome.Change.BETTER,
                               what_applied="La personne de référence existe dans deux services sur trois.",
                               what_changed="Plus aucune sortie sans fiche depuis un mois dans ces deux services.")
    Case.objects.create(
        community=community, author=aicha, title="Personnes isolées qui refusent l'aide à domicile",
        context="Quartier Brabant, personnes âgées vivant seules.",
        problem="Les signalements des voisins arrivent à plusieurs services qui se renvoient la situation.",
        roles_involved="Assistante sociale du CPAS, référent de proximité, médecin généraliste.",
        open_questions="Qui prend le premier contact, et comment le faire savoir aux autres ?",
        followup_due_on=timezone.localdate() + timedelta(days=30),
    )
    thread = Thread.objects.create(community=community, author=martin, title="Outils de liaison hôpital-domicile",
                                   body="Quels outils utilisez-vous pour la liaison ? Je partage notre fiche à la "
                                        "prochaine réunion.", reply_count=1)
    Reply.objects.create(thread=thread, author=ines, body="Nous utilisons la fiche régionale, avec une case "
                                                            "« personne de référence » ajoutée.")
    return 2


def _tools(users: dict[str, User]) -> None:
    """A co-built tool with three versions (the history and the diff show something)."""
    from .models import Tool, ToolVersion

    community = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    if community is None or community.tools.exists():
        return
    ines, pieter = users.get("ines.haddad@praxis.local"), users.get("pieter.janssens@praxis.local")
    texts = [
        (ines, "Première version", "# Fiche de liaison hôpital-domicile\n\n- Service qui organise la sortie\n"
                                   "- Date de sortie\n- Soins à poursuivre"),
        (pieter, "Heure de sortie et personne de référence",
         "# Fiche de liaison hôpital-domicile\n\n- Service qui organise la sortie\n- Date et heure de sortie\n"
         "- Personne de référence du service (fonction)\n- Soins à poursuivre"),
        (ines, "Délai d'envoi", "# Fiche de liaison hôpital-domicile\n\n- Service qui organise la sortie\n"
                                "- Date et heure de sortie\n- Personne de référence du service (fonction)\n"
                                "- Soins à poursuivre\n\nÀ envoyer avant 14 h la veille de la sortie."),
    ]
    tool = Tool.objects.create(community=community, title="Fiche de liaison hôpital-domicile", created_by=ines,
                               version=len(texts))
    for number, (author, note, text) in enumerate(texts, start=1):
        ToolVersion.objects.create(tool=tool, number=number, based_on=number - 1, text=text, note=note,
                                   author=author)


def _network() -> None:
    """The three Brussels communities form a network coordinated by an institution (it sees their indicators)."""
    from praxis.institutions.models import Institution

    from .models import Network

    coordinator, _created = Institution.objects.get_or_create(slug="coordination-bruxelloise-cdp", defaults={
        "name": "Coordination bruxelloise des communautés de pratique", "kind": Institution.Kind.ASSOCIATION,
        "city": "Bruxelles", "postal_code": "1000", "country": "BE", "is_verified": True,
        "description": "Soutient et relie les communautés de pratique locales de la première ligne bruxelloise."})
    from praxis.institutions.models import InstitutionMembership

    admin = User.objects.filter(email="admin@praxis.local").first()
    if admin is not None:
        InstitutionMembership.objects.get_or_create(institution=coordinator, user=admin, defaults={"role": "admin"})
    organiser = User.objects.filter(email="julie.lambert@praxis.local").first()
    if organiser is not None:
        InstitutionMembership.objects.get_or_create(institution=coordinator, user=organiser,
                                                    defaults={"role": "staff"})
    network, _created = Network.objects.get_or_create(name="Réseau bruxellois des communautés de pratique",
                                                      defaults={"coordinator": coordinator})
    Community.objects.filter(slug__in=[spec["slug"] for spec in COMMUNITIES], network__isnull=True).update(
        network=network)


def _case_themes() -> None:
    """Themes on the demo cases, so that the network's "cases by theme" page shows something."""
    from praxis.content.models import Theme

    themes = {t.slug: t for t in Theme.objects.filter(slug__in=["travail-en-reseau", "situations-sociales",
                                                                "geriatrie"])}
    wanted = {"Sorties d'hôpital du vendredi soir sans plan de soins": ["travail-en-reseau"],
              "Personnes isolées qui refusent l'aide à domicile": ["situations-sociales", "geriatrie"]}
    for case in Case.objects.filter(title__in=list(wanted), community__slug="cdp-schaerbeek-evere-saint-josse"):
        if not case.themes.exists():
            case.themes.set([themes[slug] for slug in wanted[case.title] if slug in themes])


def _demo_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Charte de la communauté"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _library(users: dict[str, User]) -> None:
    """The Schaerbeek library: a web page, a Praxis capsule (when the content demo has one) and a PDF charter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from praxis.content.models import Content
    from praxis.core.actor import Actor

    from .services.library import library_add

    community = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    ines, aicha = users.get("ines.haddad@praxis.local"), users.get("aicha.benali@praxis.local")
    if community is None or community.library.exists() or ines is None or aicha is None:
        return
    library_add(actor=Actor(ines), community=community, title="Charte de la communauté",
                note="Nos règles : jamais de nom de patient, confidentialité des échanges, rotation de l'animation.",
                upload=SimpleUploadedFile("charte.pdf", _demo_pdf(), content_type="application/pdf"))
    library_add(actor=Actor(aicha), community=community, title="Brusano – appui à la coordination des soins",
                note="Le service d'appui bruxellois pour les situations complexes à domicile.",
                url="https://www.brusano.brussels/")
    capsule = Content.objects.filter(kind=Content.Kind.CAPSULE, status=Content.Status.PUBLISHED,
                                     visibility=Content.Visibility.PUBLIC).order_by("pk").first()
    if capsule is not None:
        from django.urls import reverse

        library_add(actor=Actor(ines), community=community, title=capsule.title,
                    note="Capsule utile pour préparer la prochaine réunion.",
                    url=reverse("content:detail", args=[capsule.pk, capsule.slug or "contenu"]))


AGENDA_TEMPLATE = ("# Ordre du jour en cinq phases\n\n1. Accueil et ancrage du groupe (10 min)\n"
                   "2. Retour sur le travail en cours (15 min)\n3. Échange à partir de situations concrètes (45 min)\n"
                   "4. Travail sur les thèmes choisis (30 min)\n5. Clôture : validation et sujets de la prochaine "
                   "réunion (10 min)")
CASE_TEMPLATE = ("# Présenter un cas organisationnel\n\n- Contexte (type de service, territoire)\n"
                 "- Problème organisationnel\n- Rôles et services impliqués (des fonctions, jamais des noms)\n"
                 "- Ce qui a été essayé\n- Questions au groupe")


def _templates(users: dict[str, User]) -> None:
    """The network's templates: a case template changed after Schaerbeek adopted it (its notice shows), a five-phase
    agenda adopted as it is, and a platform-wide indicator set Schaerbeek follows."""
    from praxis.core.actor import Actor

    from .models import Network, ToolTemplate
    from .services.templates import template_adopt, template_publish, template_update

    network = Network.objects.filter(name="Réseau bruxellois des communautés de pratique").first()
    admin, ines = User.objects.filter(email="admin@praxis.local").first(), users.get("ines.haddad@praxis.local")
    community = Community.objects.filter(slug="cdp-schaerbeek-evere-saint-josse").first()
    if network is None or admin is None or ines is None or community is None or ToolTemplate.objects.exists():
        return
    coordinator = Actor(admin)
    case_template = template_publish(actor=coordinator, network=network, kind="case",
                                     title="Grille de présentation d'un cas", summary="Les rubriques communes aux "
                                     "communautés du réseau, pour comparer les cas.", text=CASE_TEMPLATE)
    agenda = template_publish(actor=coordinator, network=network, kind="agenda", title="Ordre du jour en cinq phases",
                              summary="La méthode commune du réseau.", text=AGENDA_TEMPLATE)
    indicators = template_publish(
        actor=coordinator, network=None, kind="indicators", title="Jeu d'indicateurs d'une CdP",
        summary="Ce que chaque communauté peut suivre elle-même.",
        text="# Indicateurs\n\n- Réunions tenues\n- Taux de présence\n- Cas ouverts\n- Cas documentés\n"
             "- Cas avec des suites connues\n- Actions faites à temps")
    member = Actor(ines)
    # Adopted, the three shape Schaerbeek: its case form, its agenda's five phases, the indicators it follows.
    template_adopt(actor=member, community=community, template=case_template)
    template_adopt(actor=member, community=community, template=agenda)
    template_adopt(actor=member, community=community, template=indicators)
    template_update(actor=coordinator, template=case_template, note="Rubrique « ressources utilisées » ajoutée",
                    text=CASE_TEMPLATE.replace("- Ce qui a été essayé", "- Ressources utilisées\n- Ce qui a été "
                                                                        "essayé"))
