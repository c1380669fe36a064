"""Dutch and English names of the seeded services, those of the directory and those prevention added for ICOPE
referrals (admins edit them afterwards)."""

from django.db import migrations

# slug: (Dutch, English). Data, not interface text.
NAMES = {
    "elder-abuse": ("Ouderenmis(be)handeling", "Elder abuse"),
    "palliative-care": ("Palliatieve zorg", "Palliative care"),
    "addiction": ("Verslaving", "Addiction"),
    "mental-health": ("Geestelijke gezondheid", "Mental health"),
    "home-care": ("Thuishulp en thuiszorg", "Home help and home care"),
    "disability": ("Handicap", "Disability"),
    "social-aid": ("Sociale hulp", "Social assistance"),
    "youth-at-risk": ("Jongeren in moeilijkheden", "Young people in difficulty"),
    "domestic-violence": ("Intrafamiliaal geweld", "Domestic violence"),
    "rehabilitation": ("Revalidatie", "Rehabilitation"),
    "dementia": ("Dementie en geheugenstoornissen", "Dementia and memory disorders"),
    "perinatal": ("Perinatale zorg en jonge kinderen", "Perinatal care and early childhood"),
    "sexual-health": ("Seksuele gezondheid", "Sexual health"),
    "chronic-pain": ("Chronische pijn", "Chronic pain"),
    "diabetes": ("Diabeteseducatie", "Diabetes education"),
    "homelessness": ("Dakloosheid", "Homelessness"),
    "respite-care": ("Respijtzorg voor mantelzorgers", "Respite for family carers"),
    "emergency": ("Spoedhulp", "Emergency care"),
    "nutrition-dietetics": ("Voeding en diëtetiek", "Nutrition and dietetics"),
    "falls-prevention": ("Valpreventie", "Falls prevention"),
    "hearing": ("Gehoor en audiologie", "Hearing and audiology"),
    "vision": ("Zicht en slechtziendheid", "Vision and low vision"),
    "physiotherapy": ("Kinesitherapie en aangepaste beweging", "Physiotherapy and adapted physical activity"),
    "geriatrics": ("Geriatrie en geriatrische evaluatie", "Geriatrics and geriatric assessment"),
}


def name(apps, schema_editor):  # noqa: ANN001, ANN201
    Service = apps.get_model("institutions", "Service")
    for slug, (dutch, english) in NAMES.items():
        Service.objects.filter(slug=slug, name_nl="", name_en="").update(name_nl=dutch, name_en=english)


class Migration(migrations.Migration):
    # After prevention's services exist, so that they are named too.
    dependencies = [("institutions", "0006_names_in_languages"), ("prevention", "0004_seed_services")]
    operations = [migrations.RunPython(name, migrations.RunPython.noop)]
