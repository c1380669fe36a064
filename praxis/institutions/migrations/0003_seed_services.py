from django.db import migrations

# (slug, name in English; the UI translates the seeded names through the catalogue, admins can add more).
SERVICES = [
    ("elder-abuse", "Elder abuse"),
    ("palliative-care", "Palliative care"),
    ("addiction", "Addiction"),
    ("mental-health", "Mental health"),
    ("home-care", "Home care"),
    ("disability", "Disability"),
    ("social-aid", "Social aid"),
    ("youth-at-risk", "Youth at risk"),
    ("domestic-violence", "Domestic violence"),
    ("rehabilitation", "Rehabilitation"),
    ("dementia", "Dementia and memory"),
    ("perinatal", "Pregnancy and early childhood"),
    ("sexual-health", "Sexual health"),
    ("chronic-pain", "Chronic pain"),
    ("diabetes", "Diabetes education"),
    ("homelessness", "Homelessness"),
    ("respite-care", "Respite for carers"),
    ("emergency", "Emergency care"),
]


def seed(apps, schema_editor):
    Service = apps.get_model("institutions", "Service")
    for position, (slug, name) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(slug=slug, defaults={"name": name, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("institutions", "0002_directory")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
