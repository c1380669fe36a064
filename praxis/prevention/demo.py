"""Demo data: a few hundred anonymous screenings across the border region over the last twelve months, pages and
information sessions for patients and carers, and toolboxes (the digital-transition one first)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content
from praxis.events.models import Event
from praxis.institutions.models import Follow, Institution
from praxis.learning.models import Course, PublicationStatus

from . import icope
from .models import AREAS, AgeBand, RunBy, Screening, Toolbox, ToolboxItem, ToolboxSection

DEMO_SCREENINGS = 400
# Busy areas of the programme first; a few areas get too few screenings, so the figures show suppression.
AREA_WEIGHTS = {"be-wht": 20, "be-wlg": 14, "be-wna": 10, "be-wlx": 6, "be-vwv": 12, "be-bru": 8, "fr-59": 18,
                "fr-62": 6, "fr-02": 2, "fr-08": 4, "fr-57": 1}
# Share of people with each answer that flags, roughly as reported for community-dwelling people over 60.
PREVALENCE = {"oriented_date": .12, "oriented_place": .04, "words_recalled": .2, "chair_rise": .3,
              "weight_loss": .1, "appetite_loss": .12, "eye_problems": .4, "hearing_passed": .25,
              "felt_down": .18, "little_interest": .15}


def _answers(rng: random.Random) -> dict:
    hit = {key: rng.random() < share for key, share in PREVALENCE.items()}
    return {
        "oriented_date": not hit["oriented_date"], "oriented_place": not hit["oriented_place"],
        "words_recalled": rng.randint(0, 2) if hit["words_recalled"] else 3,
        "chair_rise": (None if rng.random() < .2 else f"{rng.uniform(14.1, 30):.1f}") if hit["chair_rise"]
        else f"{rng.uniform(7, 14):.1f}",
        "weight_loss": hit["weight_loss"], "appetite_loss": hit["appetite_loss"], "eye_problems": hit["eye_problems"],
        "hearing_passed": not hit["hearing_passed"], "felt_down": hit["felt_down"],
        "little_interest": hit["little_interest"],
    }


# Directory services the ICOPE referrals need, given to some demo institutions of fitting types (idempotent).
SERVICES_BY_KIND = {
    "falls-prevention": ["home_care", "association", "hospital"],
    "nutrition-dietetics": ["hospital", "medical_house", "home_care"],
    "hearing": ["hospital", "clinic"],
    "vision": ["hospital", "clinic"],
    "physiotherapy": ["medical_house", "clinic"],
    "geriatrics": ["hospital"],
}


def _directory_services() -> int:
    from praxis.institutions.models import Institution, Service

    added = 0
    for slug, kinds in SERVICES_BY_KIND.items():
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            continue
        rows = Institution.objects.filter(kind__in=kinds, is_verified=True, latitude__isnull=False).order_by("pk")
        for institution in list(rows)[::2]:
            if not institution.services.filter(pk=service.pk).exists():
                institution.services.add(service)
                added += 1
            if "elderly" not in institution.publics:
                institution.publics = [*institution.publics, "elderly"]
                institution.save(update_fields=["publics"])
    return added


# Plain-language pages of the space for patients and carers (demo text, reviewed like any content).
PATIENT_PAGES = [
    ("eviter-les-chutes-a-la-maison", "Éviter les chutes à la maison",
     "Quelques gestes simples pour rester debout chez soi : lumière, tapis, chaussures, exercices.",
     "## Chez soi\n\n- Allumez la nuit le chemin vers la salle de bain.\n- Enlevez les tapis qui glissent et les fils "
     "au sol.\n- Portez des chaussures fermées.\n\n## Bouger\n\nMarcher chaque jour et faire des exercices "
     "d'équilibre réduit le risque de chute. Demandez conseil à votre médecin ou à un kinésithérapeute.", "fr"),
    ("bien-manger-apres-70-ans", "Bien manger après 70 ans",
     "Manger assez, et assez de protéines, pour garder ses forces.",
     "## Les signes à surveiller\n\n- Vous perdez du poids sans le vouloir.\n- Vous avez moins faim.\n\n"
     "Parlez-en à votre médecin : un diététicien peut vous aider.", "fr"),
    ("aidants-proches-le-droit-au-repit", "Aidants proches : le droit au répit",
     "Vous aidez un proche ? Des services peuvent prendre le relais quelques heures ou quelques jours.",
     "## Souffler, c'est permis\n\nDes centres de jour, des gardes à domicile et des séjours de répit existent "
     "près de chez vous. Votre mutualité ou votre CPAS peut vous orienter.", "fr"),
    ("vallen-voorkomen-thuis", "Vallen voorkomen in huis",
     "Eenvoudige tips om thuis veilig te blijven: licht, tapijten, schoenen, oefeningen.",
     "## In huis\n\n- Laat 's nachts een lampje branden naar de badkamer.\n- Haal losse tapijten en snoeren weg.\n"
     "- Draag gesloten schoenen.\n\n## Bewegen\n\nElke dag wandelen en evenwichtsoefeningen doen verkleint het "
     "risico om te vallen. Vraag raad aan uw huisarts of kinesitherapeut.", "nl"),
    ("staying-steady-at-home", "Staying steady at home",
     "Simple steps to avoid falls at home: light, rugs, shoes and balance exercises.",
     "## At home\n\n- Light the way to the bathroom at night.\n- Remove loose rugs and cables.\n- Wear closed "
     "shoes.\n\n## Keep moving\n\nWalking every day and balance exercises lower the risk of falling. Ask your "
     "doctor or physiotherapist for advice.", "en"),
]


def _patient_pages() -> int:
    from praxis.accounts.models import User
    from praxis.content.markup import render_article
    from praxis.content.models import Content, Theme

    author = User.objects.filter(verification_status="verified").order_by("pk").first()
    theme = Theme.objects.order_by("pk").first()
    if author is None:
        return 0
    created = 0
    for slug, title, summary, body, language in PATIENT_PAGES:
        page, new = Content.objects.get_or_create(slug=slug, audience=Content.Audience.PATIENTS, defaults={
            "kind": Content.Kind.ARTICLE, "title": title, "summary": summary, "body": body,
            "body_html": render_article(body), "author": author, "status": Content.Status.PUBLISHED,
            "visibility": Content.Visibility.PUBLIC, "coi_none": True, "language": language,
            "published_at": timezone.now(), "reviewed_at": timezone.now()})
        if new and theme is not None:
            page.themes.add(theme)
        created += new
    return created


# Information sessions open to the public, listed in the space for patients and carers.
PUBLIC_SESSIONS = [
    ("Séance d'information : prévenir les chutes chez soi", "respect-seniors", 9, "5000", "Namur",
     (50.4669, 4.8675), "Une kinésithérapeute et une ergothérapeute expliquent comment aménager son logement et "
     "entretenir son équilibre. Ouvert à tous : personnes âgées, proches, aidants. Entrée libre."),
    ("Café des aidants : souffler sans culpabiliser", "respect-seniors", 16, "5000", "Namur", (50.4669, 4.8675),
     "Un moment d'échange entre aidants proches, avec une psychologue : répit, centres de jour, droits des aidants."),
    ("Bien manger après 70 ans : atelier ouvert au public", "chu-de-liege", 23, "4000", "Liège", (50.6326, 5.5797),
     "Une diététicienne du CHU répond aux questions : perte d'appétit, protéines, repas à domicile."),
]


def _public_sessions() -> int:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from praxis.accounts.models import User
    from praxis.events.models import Event
    from praxis.institutions.models import Institution

    author = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    if author is None:
        return 0
    created = 0
    for title, slug, days, postal_code, city, (lat, lon), description in PUBLIC_SESSIONS:
        day = timezone.localdate() + timedelta(days=days)
        starts = datetime.combine(day, time(14, 0), tzinfo=ZoneInfo("Europe/Brussels"))
        _event, new = Event.objects.get_or_create(title=title, defaults={
            "kind": Event.Kind.TRAINING, "description": description, "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "postal_code": postal_code, "city": city, "country": "BE",
            "latitude": lat, "longitude": lon, "venue": "Salle communale" if city == "Namur" else "CHU — auditoire 2",
            "is_open_to_public": True, "institution": Institution.objects.filter(slug=slug).first(),
            "created_by": author})
        created += new
    return created


def seed() -> str:
    linked = _directory_services()
    pages = _patient_pages()
    sessions = _public_sessions()
    toolboxes = _toolboxes()
    if Screening.objects.exists():
        return (f"screenings already there; {linked} directory services added; {pages} pages for patients; "
                f"{sessions} public sessions; {toolboxes} toolboxes")
    rng = random.Random(17)
    countries = {code: country for country, code, _label in AREAS}
    areas, weights = list(AREA_WEIGHTS), list(AREA_WEIGHTS.values())
    today = timezone.localdate()
    rows = []
    for _n in range(DEMO_SCREENINGS):
        area = rng.choices(areas, weights)[0]
        flags = icope.flags(_answers(rng))
        rows.append(Screening(
            instrument_version=icope.VERSION, area=area, country=countries[area],
            run_by=rng.choices([RunBy.PROFESSIONAL, RunBy.SELF, RunBy.CARER], [6, 3, 2])[0],
            age_band=rng.choices([AgeBand.A60, AgeBand.A70, AgeBand.A80, AgeBand.A90], [3, 4, 3, 1])[0],
            screened_on=today - timedelta(days=int(rng.triangular(0, 365, 60))),
            **{f"flag_{domain}": flagged for domain, flagged in flags.items()},
        ))
    Screening.objects.bulk_create(rows)
    return (f"{len(rows)} anonymous screenings; {linked} directory services added; {pages} pages for patients; "
            f"{sessions} public sessions; {toolboxes} toolboxes")


# Toolboxes: (slug, title, audience, visibility, institution slug, introduction,
#             [(section title, section introduction, [item]...)]), an item being ("link", url, title, note),
#             ("content", title), ("event", title), ("institution", slug), ("course", slug) or ("patients", slug).
TOOLBOXES: list[tuple[str, str, str, str, str, str, list[tuple[str, str, list[tuple[str, ...]]]]]] = [
    ("transition-numerique", "Transition numérique : la boîte à outils des professionnels de l'autonomie",
     "professionals", "public", "chu-de-liege",
     "Téléconsultation, dossier partagé, messagerie sécurisée, domotique : ce qu'il faut savoir pour intégrer le "
     "numérique dans l'accompagnement des personnes âgées à domicile, des deux côtés de la frontière.\n\n"
     "Chaque section commence par l'essentiel, puis renvoie vers des capsules, des formations et des sites de "
     "référence. La boîte est tenue à jour par l'équipe du CHU et les membres du programme transfrontalier.", [
         ("Téléconsultation", "Quand la proposer à une personne âgée, comment la préparer avec l'aidant ou "
          "l'infirmier à domicile, et quelles limites garder en tête (examen clinique, audition, vision).", [
              ("link", "https://www.has-sante.fr/", "Haute Autorité de santé : téléconsultation et téléexpertise",
               "Le guide de bonnes pratiques, les critères d'éligibilité du patient."),
              ("link", "https://www.inami.fgov.be/", "INAMI : consultations à distance",
               "Les conditions de remboursement en Belgique."),
              ("content", "Check-list de la visite à domicile d'une personne âgée fragile"),
          ]),
         ("Dossier de santé partagé", "Consulter et alimenter le dossier partagé de la personne : qui y a accès, "
          "comment recueillir son consentement, ce qu'on y dépose.", [
              ("link", "https://www.reseausantewallon.be/", "Réseau Santé Wallon",
               "Le partage des documents de santé en Wallonie et à Bruxelles (avec le Réseau Santé Bruxellois)."),
              ("link", "https://www.monespacesante.fr/", "Mon espace santé (France)",
               "Le dossier médical partagé et la messagerie du patient."),
              ("course", "hygiene-des-mains-cinq-moments"),
          ]),
         ("Messagerie sécurisée", "Échanger des informations de santé sans e-mail ordinaire.", [
              ("link", "https://www.ehealth.fgov.be/", "Plate-forme eHealth : eHealthBox",
               "La boîte aux lettres sécurisée des prestataires de soins belges."),
              ("link", "https://mailiz.mssante.fr/", "MSSanté : Mailiz",
               "La messagerie sécurisée de santé des professionnels en France."),
          ]),
         ("Domotique et autonomie à domicile", "Détecteurs de chute, chemins lumineux, piluliers connectés, "
          "téléassistance : ce qui aide vraiment, ce qui rassure surtout l'entourage, et comment en parler avec la "
          "personne.", [
              ("link", "https://www.who.int/publications/i/item/WHO-FWC-ALC-19.1",
               "OMS : ICOPE, soins intégrés pour les personnes âgées",
               "Le manuel de repérage et de parcours de soins (2019)."),
              ("institution", "respect-seniors"),
              ("event", "Séance d'information : prévenir les chutes chez soi"),
          ]),
     ]),
    ("prevenir-les-chutes", "Prévenir les chutes et garder son autonomie", "patients", "public", "respect-seniors",
     "Des pages simples, des séances d'information près de chez vous et des services qui peuvent aider. Pour les "
     "personnes âgées, leurs proches et leurs aidants.", [
         ("À lire chez soi", "", [
              ("patients", "eviter-les-chutes-a-la-maison"), ("patients", "bien-manger-apres-70-ans"),
              ("patients", "aidants-proches-le-droit-au-repit"),
          ]),
         ("Rencontrer des professionnels", "Des séances ouvertes à tous, gratuites.", [
              ("event", "Séance d'information : prévenir les chutes chez soi"),
              ("event", "Café des aidants : souffler sans culpabiliser"),
              ("institution", "respect-seniors"),
          ]),
     ]),
    ("icope-en-pratique", "Repérage ICOPE en pratique", "professionals", "members", "chu-de-liege",
     "Pour les équipes qui démarrent le repérage ICOPE : les outils de l'étape 2 et les formations disponibles.", [
         ("Les références", "", [
              ("link", "https://www.who.int/publications/i/item/WHO-FWC-ALC-19.1", "OMS : manuel ICOPE (2019)", ""),
              ("content", "Prise de sang chez la personne âgée"),
              ("course", "evaluer-la-douleur"),
          ]),
     ]),
]


def _toolbox_target(kind: str, key: str) -> Any:
    if kind in {"content", "patients"}:
        rows = Content.objects.filter(status=Content.Status.PUBLISHED, revision_of__isnull=True)
        return (rows.filter(slug=key, audience=Content.Audience.PATIENTS) if kind == "patients"
                else rows.filter(title=key)).order_by("pk").first()
    if kind == "course":
        return Course.objects.filter(slug=key, status=PublicationStatus.PUBLISHED).order_by("-version").first()
    if kind == "event":
        return Event.objects.filter(title=key).first()
    return Institution.objects.filter(slug=key, is_verified=True).first()


def _toolboxes() -> int:
    """The demo toolboxes, published, with a follower (idempotent: an existing toolbox is left as it is)."""
    created = 0
    for slug, title, audience, visibility, owner, introduction, sections in TOOLBOXES:
        institution = Institution.objects.filter(slug=owner).first()
        if institution is None or Toolbox.objects.filter(slug=slug).exists():
            continue
        now = timezone.now()
        toolbox = Toolbox.objects.create(slug=slug, title=title, audience=audience, visibility=visibility,
                                         institution=institution, introduction=introduction,
                                         status=Toolbox.Status.PUBLISHED, published_at=now)
        for position, (section_title, section_intro, items) in enumerate(sections, start=1):
            section = ToolboxSection.objects.create(toolbox=toolbox, title=section_title,
                                                    introduction=section_intro, position=position)
            for number, item in enumerate(items, start=1):
                kind = item[0]
                if kind == "link":
                    ToolboxItem.objects.create(toolbox=toolbox, section=section, position=number, kind="link",
                                               url=item[1], title=item[2], note=item[3])
                    continue
                target = _toolbox_target(kind, item[1])
                if target is not None:
                    field = "content" if kind == "patients" else kind
                    ToolboxItem.objects.create(toolbox=toolbox, section=section, position=number, kind=field,
                                               **{field: target})
        created += 1
    follower = User.objects.filter(email="dr.martin@praxis.local").first()
    first = Toolbox.objects.filter(slug="transition-numerique").first()
    if follower is not None and first is not None:
        Follow.objects.get_or_create(follower=follower, target_kind=Follow.Kind.TOOLBOX, target_id=first.pk)
    return created
