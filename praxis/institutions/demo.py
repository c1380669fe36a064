from praxis.accounts.models import User

from .models import Institution, InstitutionMembership

INSTITUTIONS = [
    ("CHU de Liège", "chu-de-liege", Institution.Kind.HOSPITAL, "Liège", "BE"),
    ("Respect Seniors — Agence wallonne de lutte contre la maltraitance des aînés", "respect-seniors",
     Institution.Kind.ASSOCIATION, "Namur", "BE"),
]


def seed() -> str:
    created = 0
    for name, slug, kind, city, country in INSTITUTIONS:
        _institution, was_created = Institution.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "city": city, "country": country, "is_verified": True}
        )
        created += was_created
    chu = Institution.objects.get(slug="chu-de-liege")
    for email, role in [("claire.renard@praxis.local", InstitutionMembership.Role.STAFF)]:
        user = User.objects.filter(email=email).first()
        if user:
            InstitutionMembership.objects.get_or_create(institution=chu, user=user, defaults={"role": role})
    return f"{created} institutions created"
