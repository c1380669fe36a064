"""French demo content: capsules, documents and articles by the demo members, in every status and several audiences.

Statuses are set directly (the review app's demo adds the submissions and decisions that go with them). Published
capsules get a small real video when the media pipeline offers `demo_capsule_asset` (a few only: seeding stays fast).
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from praxis.accounts.models import User
from praxis.institutions.models import Institution

from . import documents, media, services
from .markup import render_article
from .models import CaptionTrack, Content, Theme, VideoAsset

log = logging.getLogger(__name__)

S = Content.Status
V = Content.Visibility
K = Content.Kind

GP, NURSE, PHYSIO, SWISS_GP, REVIEWER = (
    "dr.martin@praxis.local", "claire.renard@praxis.local", "sophie.lefebvre@praxis.local",
    "marc.girard@praxis.local", "relecteur@praxis.local",
)
VIDEOS_AT_MOST = 3  # real processed videos: about 2 s each with the demo clip

# (kind, author, title, summary, themes, professions, status, visibility, days ago, views, extra)
PIECES: list[tuple[str, str, str, str, list[str], list[str], str, str, int, int, dict[str, Any]]] = [
    (K.CAPSULE, GP, "Infiltration du genou : voie latérale",
     "Repérage au pouce du bord supéro-latéral de la rotule, asepsie en trois temps et injection en douceur : le geste "
     "complet en trois minutes, filmé au cabinet.", ["rhumatologie", "medecine-generale"], ["gp", "specialist"],
     S.PUBLISHED, V.PUBLIC, 3, 412, {"references": "10.1016/j.jbspin.2019.06.007\nhttps://www.has-sante.fr"}),
    (K.CAPSULE, NURSE, "Prise de sang chez la personne âgée",
     "Veines fragiles, peau fine, patient anxieux : choix du site, du garrot et de l'aiguille, et les astuces pour "
     "réussir du premier coup sans hématome.", ["geriatrie", "soins-infirmiers"], ["nurse"], S.PUBLISHED, V.PUBLIC,
     6, 958, {}),
    (K.CAPSULE, NURSE, "Réfection d'un pansement d'ulcère veineux",
     "Nettoyage, détersion mécanique douce, protection de la peau péri-lésionnelle et pose d'une compression "
     "multicouche.", ["plaies-cicatrisation", "soins-infirmiers"], ["nurse", "gp"], S.PUBLISHED, V.PUBLIC, 9, 633,
     {"coi_statement": "Formation rémunérée par un fabricant de pansements en 2024 (sans lien avec les produits "
                       "montrés)."}),
    (K.CAPSULE, PHYSIO, "Mobilisation précoce après prothèse totale de hanche",
     "Les premiers transferts lit-fauteuil en sécurité, les consignes à donner et les erreurs fréquentes.",
     ["kinesitherapie", "orthopedie"], ["physiotherapist", "nurse"], S.PUBLISHED, V.PUBLIC, 12, 301,
     {"countries": ["FR", "BE"]}),
    (K.CAPSULE, SWISS_GP, "Examen otoscopique chez le jeune enfant",
     "Installer l'enfant dans les bras du parent, tirer le pavillon dans le bon sens et reconnaître un tympan "
     "bombant.", ["pediatrie", "medecine-generale"], ["gp"], S.PUBLISHED, V.VERIFIED, 15, 188,
     {"countries": ["CH"]}),
    (K.CAPSULE, GP, "Réaliser un ECG 12 dérivations sans erreur de placement",
     "Repères anatomiques des électrodes précordiales et les inversions les plus fréquentes.",
     ["cardiologie", "medecine-generale"], ["gp", "nurse"], S.PUBLISHED, V.PUBLIC, 20, 745, {}),
    (K.CAPSULE, NURSE, "Pose d'une sonde vésicale chez l'homme",
     "Asepsie, lubrification, gestion de la résistance prostatique : la technique pas à pas.",
     ["soins-infirmiers", "hygiene-hospitaliere"], ["nurse"], S.PUBLISHED, V.INSTITUTION, 25, 97,
     {"institution": "chu-de-liege"}),
    (K.CAPSULE, PHYSIO, "Drainage bronchique chez le nourrisson",
     "Les techniques d'expiration lente prolongée et les signes qui imposent d'arrêter.",
     ["kinesitherapie", "pediatrie", "pneumologie"], ["physiotherapist"], S.IN_REVIEW, V.PUBLIC, 2, 0, {}),
    (K.CAPSULE, GP, "Suture d'une plaie simple au cabinet",
     "Anesthésie locale, points simples et conseils de surveillance.", ["urgences", "medecine-generale"], ["gp"],
     S.SUBMITTED, V.PUBLIC, 1, 0, {}),
    (K.CAPSULE, SWISS_GP, "Injection intramusculaire dans le deltoïde",
     "Repères, angle, volume maximal : l'essentiel avant une vaccination.", ["medecine-generale"], ["gp", "nurse"],
     S.CHANGES_REQUESTED, V.PUBLIC, 4, 0, {}),
    (K.CAPSULE, NURSE, "Soins de bouche en fin de vie", "Hydratation, confort et matériel simple à domicile.",
     ["soins-palliatifs", "soins-infirmiers"], ["nurse"], S.DRAFT, V.PUBLIC, 0, 0, {}),
    (K.CAPSULE, PHYSIO, "Bandage de cheville après entorse",
     "Strapping de contention pour une entorse bénigne.", ["kinesitherapie", "urgences"], ["physiotherapist"],
     S.REJECTED, V.PUBLIC, 30, 0, {}),
    (K.DOCUMENT, GP, "Check-list de la visite à domicile d'une personne âgée fragile",
     "Une page à glisser dans la mallette : chutes, médicaments, nutrition, isolement, signes de maltraitance.",
     ["geriatrie", "maltraitance-des-aines"], [], S.PUBLISHED, V.PUBLIC, 8, 522, {}),
    (K.DOCUMENT, NURSE, "Protocole d'hygiène des mains en soins à domicile",
     "Les cinq moments, la friction hydro-alcoolique et l'organisation du coffre de voiture.",
     ["hygiene-hospitaliere", "soins-infirmiers"], ["nurse"], S.PUBLISHED, V.VERIFIED, 18, 210,
     {"references": "https://www.who.int/publications/i/item/9789241597906"}),
    (K.DOCUMENT, SWISS_GP, "Grille d'évaluation de la douleur chez le patient non communicant",
     "Grille d'observation comportementale, mode d'emploi et seuils d'alerte.", ["douleur", "geriatrie"],
     ["nurse", "gp"], S.SUBMITTED, V.PUBLIC, 1, 0, {}),
    (K.DOCUMENT, PHYSIO, "Programme d'exercices après lombalgie aiguë", "Six exercices à remettre au patient.",
     ["kinesitherapie"], ["physiotherapist", "gp"], S.DRAFT, V.PUBLIC, 0, 0, {}),
    (K.ARTICLE, GP, "Repérer la maltraitance financière d'un patient âgé",
     "Signaux faibles au cabinet, questions à poser seul à seul, et vers qui orienter en Belgique.",
     ["maltraitance-des-aines", "ethique-au-travail"], [], S.PUBLISHED, V.PUBLIC, 5, 377,
     {"references": "https://www.respectseniors.be"}),
    (K.ARTICLE, NURSE, "Ce que m'ont appris dix ans de soins palliatifs à domicile",
     "Un retour d'expérience sur l'annonce, les familles et le temps qu'on se donne.",
     ["soins-palliatifs", "pratique-reflexive"], [], S.PUBLISHED, V.PUBLIC, 14, 864, {}),
    (K.ARTICLE, SWISS_GP, "Annoncer une mauvaise nouvelle : une trame en six étapes",
     "Préparer, explorer ce que sait le patient, annoncer, accueillir l'émotion, planifier, conclure.",
     ["communication-patient", "ethique-au-travail"], [], S.PUBLISHED, V.VERIFIED, 22, 290, {}),
    (K.ARTICLE, PHYSIO, "Prévenir l'épuisement dans les équipes de soins", "Pistes concrètes pour les cadres.",
     ["sante-des-soignants"], [], S.IN_REVIEW, V.PUBLIC, 2, 0, {}),
    (K.ARTICLE, GP, "Ordonnances de benzodiazépines : comment proposer un sevrage",
     "Un entretien motivationnel court et un schéma de décroissance.", ["assuetudes", "pharmacologie"], ["gp"],
     S.UNPUBLISHED, V.PUBLIC, 40, 55, {}),
]

ARTICLE_BODY = """## Pourquoi en parler

{summary}

## En pratique

- Prendre le temps d'un entretien seul à seul.
- Noter les faits observés, sans interprétation.
- Se faire aider : collègues, réseau, ligne d'écoute.

> Ce qui n'est pas dit au premier rendez-vous l'est souvent au troisième.

## Pour aller plus loin

Voir les références en bas de page, et les [recommandations de la HAS](https://www.has-sante.fr).
"""

PDF_HTML = """<html><head><meta charset="utf-8"><style>
body {{ font-family: sans-serif; margin: 2cm; }} h1 {{ color: #1f5f8b; font-size: 20pt; }}
li {{ margin: .3em 0; }} footer {{ margin-top: 2cm; color: #666; font-size: 9pt; }}
</style></head><body><h1>{title}</h1><p>{summary}</p><ol>{items}</ol>
<footer>Praxis — document de démonstration, relu par un pair.</footer></body></html>"""
PDF_ITEMS = ["Préparer le matériel et vérifier l'identité du patient", "Expliquer le déroulement",
             "Appliquer la procédure", "Noter dans le dossier", "Prévoir le suivi"]


def _pdf(title: str, summary: str) -> bytes:
    try:
        from weasyprint import HTML

        items = "".join(f"<li>{item}</li>" for item in PDF_ITEMS)
        return HTML(string=PDF_HTML.format(title=title, summary=summary, items=items)).write_pdf()
    except Exception:  # WeasyPrint missing its system libraries: a minimal valid PDF still opens
        log.warning("WeasyPrint unavailable, using a minimal PDF for %s", title)
        return b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


DEMO_CAPTIONS = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour, voici le geste en trois temps.\n\n"
    "00:00:01.500 --> 00:00:03.000\nLavez-vous les mains avant de commencer.\n\n"
    "00:00:03.000 --> 00:00:06.000\nPréparez le matériel stérile à portée de main.\n"
).encode()
# Dutch captions sent as SRT, as many subtitling tools export them (converted to WebVTT on the way in).
DEMO_CAPTIONS_NL = (
    b"1\n00:00:00,000 --> 00:00:01,500\nGoedendag, hier is de handeling in drie stappen.\n\n"
    b"2\n00:00:01,500 --> 00:00:03,000\nWas uw handen voordat u begint.\n\n"
    b"3\n00:00:03,000 --> 00:00:06,000\nLeg het steriele materiaal binnen handbereik.\n"
)


def _demo_capsule_asset(content: Content, *, seconds: float = 6, size: str = "640x360") -> VideoAsset:
    """Give a demo capsule a real, processed video (generated by FFmpeg, processed synchronously). Idempotent."""
    existing = VideoAsset.objects.filter(content=content, status=VideoAsset.Status.READY).first()
    if existing:
        return existing
    with tempfile.TemporaryDirectory(prefix="praxis-demo-") as tmp:
        source = media.make_test_video(Path(tmp) / "demo.mp4", size=size, seconds=seconds)
        asset = services.attach_source(actor=None, content=content, path=source, original_name="demo.mp4",
                                       enqueue=False)
    media.process_video(asset.pk, asset.source_key)  # synchronously (the queued job then finds it done)
    asset.refresh_from_db()
    # Every demo video has its captions, as every capsule should (WCAG 1.2.2): in French and in Dutch.
    languages = set(CaptionTrack.objects.filter(content=content).values_list("language", flat=True))
    for language, data in (("fr", DEMO_CAPTIONS), ("nl", DEMO_CAPTIONS_NL)):
        if language not in languages:
            services.caption_track_save(actor=None, content=content, data=data, language=language)
    return asset


def seed() -> str:
    users = {user.email: user for user in User.objects.filter(email__in=[GP, NURSE, PHYSIO, SWISS_GP, REVIEWER])}
    if len(users) < 5:
        return "content: demo members missing, nothing created"
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    institutions = {i.slug: i for i in Institution.objects.filter(slug__in=["chu-de-liege"])}
    reviewer = users[REVIEWER]
    now = timezone.now()
    created = 0
    videos = 0
    make_video = _demo_capsule_asset
    for kind, email, title, summary, slugs, professions, status, visibility, days, views, extra in PIECES:
        author = users[email]
        existing = Content.objects.filter(author=author, title=title, revision_of__isnull=True).first()
        if existing:
            continue
        extra = dict(extra)
        institution = institutions.get(extra.pop("institution", ""))
        if visibility == V.INSTITUTION and institution is None:
            visibility = V.VERIFIED
        statement = extra.pop("coi_statement", "")
        body = ARTICLE_BODY.format(summary=summary) if kind == K.ARTICLE else ""
        was_published = status in {S.PUBLISHED, S.UNPUBLISHED}
        content = Content(
            kind=kind, title=title, slug=_slug(title), summary=summary, body=body,
            body_html=render_article(body) if body else "", author=author, target_professions=professions,
            language="fr", countries=extra.pop("countries", ["BE", "FR"]), references=extra.pop("references", ""),
            licence=Content.Licence.CC_BY_NC_ND, coi_none=not statement, coi_statement=statement,
            visibility=visibility, institution=institution if visibility == V.INSTITUTION else None, status=status,
            published_at=now - timedelta(days=days, hours=len(title) % 9) if was_published else None,
            reviewed_by=reviewer if was_published and author != reviewer else None,
            reviewed_at=now - timedelta(days=days, hours=1 + len(title) % 9) if was_published else None,
            view_count=views,
        )
        if kind == K.DOCUMENT:
            data = _pdf(title, summary)
            content.document.save(f"demo-{_slug(title)[:60]}.pdf", ContentFile(data), save=False)
            content.document_mime = "application/pdf"
            content.document_size = len(data)
        content.full_clean(exclude=["themes"])
        content.save()
        if content.document:  # its text for search, as the background job would extract it
            documents.extract_document_text(content.pk, content.document.name)
        changed = now - timedelta(days=days, hours=2)
        Content.objects.filter(pk=content.pk).update(created_at=changed - timedelta(days=2), updated_at=changed)
        content.themes.set([themes[slug] for slug in slugs if slug in themes])
        created += 1
        if kind == K.CAPSULE and status == S.PUBLISHED and make_video and videos < VIDEOS_AT_MOST:
            try:
                make_video(content, seconds=3)
                videos += 1
            except Exception:  # no FFmpeg on this machine: the capsule stays without video
                log.warning("Demo video for %s could not be made", title, exc_info=True)
    revisions = _seed_revision(users[GP])
    return f"{created} content pieces created ({videos} with a processed video), {revisions} revision"


def _seed_revision(author: User) -> int:
    """A new version of a published article, as its author would have started it."""
    original = Content.objects.filter(author=author, title="Repérer la maltraitance financière d'un patient âgé",
                                      status=S.PUBLISHED).first()
    if original is None or original.revisions.exists():
        return 0
    revision = Content(
        kind=original.kind, title=original.title, slug=original.slug,
        summary=original.summary + " Mise à jour avec les nouvelles lignes d'écoute.",
        body=original.body + "\n## Mise à jour\n\nNouvelles coordonnées des services d'écoute.\n", author=author,
        target_professions=original.target_professions, language=original.language, countries=original.countries,
        references=original.references, licence=original.licence, coi_none=True, visibility=original.visibility,
        status=S.DRAFT, revision_of=original, version=original.version + 1,
    )
    revision.body_html = render_article(revision.body)
    revision.full_clean(exclude=["themes"])
    revision.save()
    revision.themes.set(original.themes.all())
    return 1


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:200] or "contenu"
