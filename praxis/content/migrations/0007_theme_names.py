"""Dutch and English names of the seeded themes (admins edit them afterwards)."""

from django.db import migrations

# slug: (Dutch, English). Data, not interface text.
NAMES = {
    "medecine-generale": ("Huisartsgeneeskunde", "General practice"),
    "rhumatologie": ("Reumatologie", "Rheumatology"),
    "geriatrie": ("Geriatrie", "Geriatrics"),
    "pediatrie": ("Pediatrie", "Paediatrics"),
    "cardiologie": ("Cardiologie", "Cardiology"),
    "dermatologie": ("Dermatologie", "Dermatology"),
    "gynecologie-obstetrique": ("Gynaecologie en verloskunde", "Gynaecology and obstetrics"),
    "sante-mentale": ("Psychiatrie en geestelijke gezondheid", "Psychiatry and mental health"),
    "soins-infirmiers": ("Verpleegkunde", "Nursing"),
    "plaies-cicatrisation": ("Wonden en wondheling", "Wounds and wound healing"),
    "kinesitherapie": ("Kinesitherapie", "Physiotherapy"),
    "urgences": ("Spoedgeneeskunde", "Emergency medicine"),
    "pneumologie": ("Pneumologie", "Pulmonology"),
    "nutrition": ("Voeding", "Nutrition"),
    "pharmacologie": ("Farmacologie", "Pharmacology"),
    "douleur": ("Pijn", "Pain"),
    "orthopedie": ("Orthopedie", "Orthopaedics"),
    "neurologie": ("Neurologie", "Neurology"),
    "hygiene-hospitaliere": ("Ziekenhuishygiëne", "Hospital hygiene"),
    "ethique-au-travail": ("Ethiek op het werk", "Ethics at work"),
    "pratique-reflexive": ("Reflectieve praktijk", "Reflective practice"),
    "situations-sociales": ("Sociale situaties", "Social situations"),
    "maltraitance-des-aines": ("Ouderenmis(be)handeling", "Elder abuse"),
    "soins-palliatifs": ("Palliatieve zorg", "Palliative care"),
    "violences-intrafamiliales": ("Intrafamiliaal geweld", "Domestic violence"),
    "communication-patient": ("Communicatie met de patiënt", "Communicating with patients"),
    "travail-en-reseau": ("Netwerkwerking", "Working in networks"),
    "assuetudes": ("Verslavingen", "Addictions"),
    "sante-des-soignants": ("Gezondheid van zorgverleners", "Caregivers' health"),
}


def name(apps, schema_editor):  # noqa: ANN001, ANN201
    Theme = apps.get_model("content", "Theme")
    for slug, (dutch, english) in NAMES.items():
        Theme.objects.filter(slug=slug, name_nl="", name_en="").update(name_nl=dutch, name_en=english)


class Migration(migrations.Migration):
    dependencies = [("content", "0006_names_in_languages")]
    operations = [migrations.RunPython(name, migrations.RunPython.noop)]
