"""Regions for job search, derived from the country and the postal code (no external lookup)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGIONS: list[tuple[str, object]] = [
    ("be-bru", _("Brussels-Capital")),
    ("be-wal", _("Wallonia")),
    ("be-vlg", _("Flanders")),
    ("fr-hdf", _("Hauts-de-France")),
    ("fr-ges", _("Grand Est")),
    ("fr-idf", _("Île-de-France")),
    ("fr-nor", _("Normandy")),
    ("fr-bfc", _("Bourgogne-Franche-Comté")),
    ("fr-ara", _("Auvergne-Rhône-Alpes")),
    ("fr-paca", _("Provence-Alpes-Côte d'Azur")),
    ("fr-occ", _("Occitanie")),
    ("fr-naq", _("Nouvelle-Aquitaine")),
    ("fr-bre", _("Brittany")),
    ("fr-pdl", _("Pays de la Loire")),
    ("fr-cvl", _("Centre-Val de Loire")),
    ("fr-cor", _("Corsica")),
    ("fr-dom", _("French overseas departments")),
    ("ch-rom", _("French-speaking Switzerland")),
    ("ch-other", _("Other Swiss cantons")),
    ("lu", _("Luxembourg")),
]

_FR_DEPARTMENTS = {
    "fr-hdf": "02 59 60 62 80", "fr-ges": "08 10 51 52 54 55 57 67 68 88", "fr-idf": "75 77 78 91 92 93 94 95",
    "fr-nor": "14 27 50 61 76", "fr-bfc": "21 25 39 58 70 71 89 90",
    "fr-ara": "01 03 07 15 26 38 42 43 63 69 73 74", "fr-paca": "04 05 06 13 83 84",
    "fr-occ": "09 11 12 30 31 32 34 46 48 65 66 81 82", "fr-naq": "16 17 19 23 24 33 40 47 64 79 86 87",
    "fr-bre": "22 29 35 56", "fr-pdl": "44 49 53 72 85", "fr-cvl": "18 28 36 37 41 45", "fr-cor": "20",
    "fr-dom": "97 98",
}
_FR_BY_DEPARTMENT = {dep: region for region, deps in _FR_DEPARTMENTS.items() for dep in deps.split()}


def region_for(country: str, postal_code: str) -> str:
    """The region code of a place, or "" when it cannot be told."""
    code = (postal_code or "").strip().replace(" ", "")
    if country == "LU":
        return "lu"
    if not code[:4].isdigit() and country != "FR":
        return ""
    if country == "BE":
        number = int(code[:4])
        if 1000 <= number <= 1299:
            return "be-bru"
        if 1300 <= number <= 1499 or 4000 <= number <= 7999:
            return "be-wal"
        return "be-vlg"
    if country == "FR":
        return _FR_BY_DEPARTMENT.get(code[:2], "")
    if country == "CH":
        return "ch-rom" if code[:1] in {"1", "2"} else "ch-other"
    return ""
