"""Demo: a cross-border programme of the CHU de Liège, shared with two partner institutions."""

from __future__ import annotations

from typing import Any

from praxis.institutions.models import Institution

from ..models import Course, Lesson, Programme, ProgrammeCourse, PublicationStatus, Visibility

INFECTIONS = ("Les précautions standard s'appliquent à tout patient, partout, en Belgique comme en France : "
              "hygiène des mains, port de gants pour les liquides biologiques, masque et lunettes en cas de "
              "projection, gestion des excreta et du linge, prévention des accidents d'exposition au sang.")


def seed(chu: Institution, author: Any, fire: Course | None) -> str:
    # the French partner of the cross-border project (demo only), and a Belgian one of the directory's demo
    Institution.objects.get_or_create(slug="ch-tourcoing-demo", defaults={
        "name": "Centre hospitalier de Tourcoing (démo)", "kind": Institution.Kind.HOSPITAL, "city": "Tourcoing",
        "country": "FR", "postal_code": "59200", "address": "155 rue du Président Coty", "languages": ["fr"],
        "is_verified": True, "description": "Partenaire français du parcours transfrontalier de prévention."})
    partners = list(Institution.objects.filter(slug__in=["respect-seniors", "ch-tourcoing-demo"]))
    shared, new = Course.objects.get_or_create(slug="precautions-standard-transfrontalier", version=1, defaults={
        "title": "Précautions standard (Belgique – France)", "owner_institution": chu, "created_by": author,
        "summary": "Le socle commun de prévention des infections du projet transfrontalier.",
        "visibility": Visibility.SHARED, "status": PublicationStatus.PUBLISHED, "estimated_minutes": 15})
    if new:
        shared.shared_with.set(partners)
        Lesson.objects.create(course=shared, kind=Lesson.Kind.TEXT, position=1, title="Le socle commun",
                              body=INFECTIONS, body_html=f"<p>{INFECTIONS}</p>", estimated_minutes=10)
    programme, new = Programme.objects.get_or_create(slug="parcours-transfrontalier-prevention", defaults={
        "title": "Parcours transfrontalier : prévention et sécurité", "owner_institution": chu,
        "summary": "Le curriculum commun du personnel des institutions partenaires, en Belgique et en France.",
        "visibility": Visibility.SHARED, "status": PublicationStatus.PUBLISHED, "created_by": author})
    if new:
        programme.shared_with.set(partners)
        for position, course in enumerate([c for c in (shared, fire) if c is not None], start=1):
            ProgrammeCourse.objects.create(programme=programme, course=course, position=position)
    return f"programme shared with {len(partners)} institutions"
