"""The initial theme taxonomy (admins edit it afterwards)."""

from django.db import migrations

CLINICAL = [
    ("Médecine générale", "medecine-generale"), ("Rhumatologie", "rhumatologie"), ("Gériatrie", "geriatrie"),
    ("Pédiatrie", "pediatrie"), ("Cardiologie", "cardiologie"), ("Dermatologie", "dermatologie"),
    ("Gynécologie et obstétrique", "gynecologie-obstetrique"), ("Psychiatrie et santé mentale", "sante-mentale"),
    ("Soins infirmiers", "soins-infirmiers"), ("Plaies et cicatrisation", "plaies-cicatrisation"),
    ("Kinésithérapie", "kinesitherapie"), ("Urgences", "urgences"), ("Pneumologie", "pneumologie"),
    ("Nutrition", "nutrition"), ("Pharmacologie", "pharmacologie"), ("Douleur", "douleur"),
    ("Orthopédie", "orthopedie"), ("Neurologie", "neurologie"), ("Hygiène hospitalière", "hygiene-hospitaliere"),
]
TRANSVERSAL = [
    ("Éthique au travail", "ethique-au-travail"), ("Pratique réflexive", "pratique-reflexive"),
    ("Situations sociales", "situations-sociales"), ("Maltraitance des aînés", "maltraitance-des-aines"),
    ("Soins palliatifs", "soins-palliatifs"), ("Violences intrafamiliales", "violences-intrafamiliales"),
    ("Communication avec le patient", "communication-patient"), ("Travail en réseau", "travail-en-reseau"),
    ("Assuétudes", "assuetudes"), ("Santé des soignants", "sante-des-soignants"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("content", "Theme")
    for kind, rows in (("clinical", CLINICAL), ("transversal", TRANSVERSAL)):
        for name, slug in rows:
            Theme.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
