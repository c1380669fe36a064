from django.db import migrations

# Data, not interface text: the taxonomy is written in French like the content themes; admins edit it.
SERVICES = [
    ("elder-abuse", "Maltraitance des aînés"),
    ("palliative-care", "Soins palliatifs"),
    ("addiction", "Assuétudes et addictions"),
    ("mental-health", "Santé mentale"),
    ("home-care", "Aide et soins à domicile"),
    ("disability", "Handicap"),
    ("social-aid", "Aide sociale"),
    ("youth-at-risk", "Jeunesse en difficulté"),
    ("domestic-violence", "Violences intrafamiliales"),
    ("rehabilitation", "Revalidation"),
    ("dementia", "Démence et troubles de la mémoire"),
    ("perinatal", "Périnatalité et petite enfance"),
    ("sexual-health", "Santé sexuelle"),
    ("chronic-pain", "Douleur chronique"),
    ("diabetes", "Éducation au diabète"),
    ("homelessness", "Sans-abrisme"),
    ("respite-care", "Répit pour les aidants proches"),
    ("emergency", "Urgences"),
]


def seed(apps, schema_editor):
    Service = apps.get_model("institutions", "Service")
    for position, (slug, name) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(slug=slug, defaults={"name": name, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("institutions", "0002_directory")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
