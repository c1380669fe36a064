"""Services the directory lacked for ICOPE referrals, and the default domain → services mapping (admins edit it)."""

from django.db import migrations

# Data, not interface text: the taxonomy is written in French like the rest of it (institutions 0003).
NEW_SERVICES = [
    ("nutrition-dietetics", "Nutrition et diététique"),
    ("falls-prevention", "Prévention des chutes"),
    ("hearing", "Audition et audiologie"),
    ("vision", "Vision et basse vision"),
    ("physiotherapy", "Kinésithérapie et activité physique adaptée"),
    ("geriatrics", "Gériatrie et évaluation gériatrique"),
]
OLDER = ["elderly", "families"]
MAPPING = {
    "cognition": [("dementia", []), ("geriatrics", [])],
    "mobility": [("falls-prevention", []), ("physiotherapy", OLDER), ("rehabilitation", OLDER)],
    "nutrition": [("nutrition-dietetics", []), ("home-care", OLDER)],
    "vision": [("vision", [])],
    "hearing": [("hearing", [])],
    "depression": [("mental-health", OLDER), ("geriatrics", []), ("respite-care", [])],
}


def seed(apps, schema_editor):  # noqa: ANN001, ANN201
    Service = apps.get_model("institutions", "Service")
    DomainService = apps.get_model("prevention", "DomainService")
    for position, (slug, name) in enumerate(NEW_SERVICES, start=1):
        Service.objects.get_or_create(slug=slug, defaults={"name": name, "position": 200 + position * 10})
    for domain, rows in MAPPING.items():
        for position, (slug, publics) in enumerate(rows, start=1):
            service = Service.objects.filter(slug=slug).first()
            if service is not None:
                DomainService.objects.get_or_create(domain=domain, service=service,
                                                    defaults={"publics": publics, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("prevention", "0003_domain_services"), ("institutions", "0003_seed_services")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
