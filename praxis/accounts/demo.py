"""French demo members. Every demo account uses the password DEMO_PASSWORD (see README)."""

import secrets

from allauth.account.models import EmailAddress
from django.utils import timezone

from praxis.accounts.validators import check_registration_number, inami_check_digits
from praxis.core import audit
from praxis.core.audit import Action

from .models import DataExport, ErasureRequest, User, VerificationStatus
from .tasks import build_data_export

DEMO_PASSWORD = "praxis-demo-2026"


def inami(profession_digit: int, sequence: int, competence: str) -> str:
    first_six = int(f"{profession_digit}{sequence:05d}")
    return f"{first_six:06d}{inami_check_digits(first_six)[0]:02d}{competence}"


def gln(body: str) -> str:
    from stdnum import ean

    return body + ean.calc_check_digit(body)


# email, first name, last name, profession, specialty, country, number, postal code, city, status, roles
MEMBERS = [
    ("admin@praxis.local", "Camille", "Admin", "gp", "", "BE", inami(1, 8290, "003"), "4000", "Liège",
     VerificationStatus.VERIFIED, {"is_superuser": True, "is_staff": True}),
    ("moderation@praxis.local", "Nadia", "Lambert", "nurse", "", "BE", inami(4, 12345, "401"), "5000", "Namur",
     VerificationStatus.VERIFIED, {"is_moderator": True}),
    ("relecteur@praxis.local", "Philippe", "Dubois", "specialist", "Rhumatologie", "BE", inami(1, 23456, "580"),
     "1000", "Bruxelles", VerificationStatus.VERIFIED, {"is_reviewer": True}),
    ("dr.martin@praxis.local", "Julien", "Martin", "gp", "", "BE", inami(1, 1857, "004"), "4430", "Ans",
     VerificationStatus.VERIFIED, {}),
    ("claire.renard@praxis.local", "Claire", "Renard", "nurse", "", "BE", inami(4, 55120, "401"), "6000",
     "Charleroi", VerificationStatus.VERIFIED, {}),
    ("sophie.lefebvre@praxis.local", "Sophie", "Lefebvre", "physiotherapist", "", "FR", "10003456789", "59000",
     "Lille", VerificationStatus.VERIFIED, {}),
    ("elise.moreau@praxis.local", "Élise", "Moreau", "nurse", "", "FR", "10101234564", "59000", "Lille",
     VerificationStatus.VERIFIED, {}),
    ("marc.girard@praxis.local", "Marc", "Girard", "gp", "", "CH", gln("760100000123"), "1200", "Genève",
     VerificationStatus.VERIFIED, {}),
    ("interne.leroy@praxis.local", "Lucas", "Leroy", "student", "", "BE", "", "1348", "Louvain-la-Neuve",
     VerificationStatus.PENDING, {}),
    ("emma.dupont@praxis.local", "Emma", "Dupont", "midwife", "", "BE", inami(3, 40211, "000"), "7000", "Mons",
     VerificationStatus.PENDING, {}),
    ("thomas.simon@praxis.local", "Thomas", "Simon", "pharmacist", "", "FR", "123456789", "59100", "Roubaix",
     VerificationStatus.PROOF_REQUESTED, {}),
    ("lea.bernard@praxis.local", "Léa", "Bernard", "psychologist", "", "BE", inami(7, 31002, "000"), "1400",
     "Nivelles", VerificationStatus.PENDING, {}),
    ("assistante.sociale@praxis.local", "Fatima", "El Amrani", "social_worker", "", "BE", "", "1080",
     "Molenbeek-Saint-Jean", VerificationStatus.PENDING, {}),
]


def seed() -> str:
    created = 0
    for email, first, last, profession, specialty, country, number, postal, city, status, roles in MEMBERS:
        if User.objects.filter(email=email).exists():
            continue
        checked = check_registration_number(country, number) if number else None
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, profession=profession,
            specialty=specialty, country=country, registration_number=checked.number if checked else "",
            registration_kind=checked.kind if checked else "", registration_key=checked.stable_key if checked else "",
            registration_warnings=checked.warnings if checked else [], postal_code=postal, city=city,
            languages=["fr"], verification_status=status, individual_declared_at=timezone.now(),
            verified_at=timezone.now() if status == VerificationStatus.VERIFIED else None,
            verification_note="Merci d'envoyer une copie de votre carte professionnelle."
            if status == VerificationStatus.PROOF_REQUESTED else "",
            **roles,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created += 1
    _seed_identities()
    _seed_privacy()
    return f"{created} members created, password {DEMO_PASSWORD!r}"


# Demo members who signed in with their national e-ID (Settings → My e-IDs is not empty): claims as each provider
# sends them (praxis/accounts/eid/presets.py).
IDENTITIES = [
    ("sophie.lefebvre@praxis.local", "psc", "demo-psc-sophie", {
        "id_token": {"sub": "demo-psc-sophie", "acr": "eidas1"},
        "userinfo": {"sub": "demo-psc-sophie", "given_name": "Sophie", "family_name": "Lefebvre",
                     "SubjectNameID": "810003456789", "SubjectRefPro": {"exercices": [{"codeProfession": "70"}]}},
    }),
    ("marc.girard@praxis.local", "hin", "demo-hin-marc", {
        "userinfo": {"sub": "demo-hin-marc", "firstName": "Marc", "lastName": "Girard", "gln": gln("760100000123")},
    }),
]


def _seed_identities() -> None:
    from allauth.socialaccount.models import SocialAccount

    for email, provider, uid, extra_data in IDENTITIES:
        user = User.objects.filter(email=email).first()
        if user is not None:
            SocialAccount.objects.get_or_create(provider=provider, uid=uid,
                                                defaults={"user": user, "extra_data": extra_data})


def _seed_privacy() -> None:
    """A moderator opened a member's verification file (the access log and "who accessed my data" show it),
    Dr Martin has an archive of his data ready, and a former member's erasure is done (its page:
    /compte/suppression/demo-erasure-done/)."""
    moderator = User.objects.get(email="moderation@praxis.local")
    applicant = User.objects.get(email="thomas.simon@praxis.local")
    if not audit.accesses_to(applicant).exists():
        audit.log(moderator, Action.ACCOUNTS_VERIFICATION_FILE_READ, applicant)
    martin = User.objects.get(email="dr.martin@praxis.local")
    if not DataExport.objects.filter(member=martin).exists():
        export = DataExport.objects.create(member=martin, token=secrets.token_urlsafe(32))
        build_data_export(export.pk)
    ErasureRequest.objects.get_or_create(token="demo-erasure-done", defaults={
        "status": ErasureRequest.Status.DONE, "finished_at": timezone.now()})
