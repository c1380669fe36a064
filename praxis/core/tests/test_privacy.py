"""The patient-identifier guard (praxis.core.privacy): national numbers confirmed by their checksums, phones, e-mail
and street addresses, a name next to a birth date; generated valid identifiers are all caught, and a wrong check
digit is not flagged. Check digits are computed here from the published algorithms, not by the code under test."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praxis.core.privacy import (
    check_no_patient_identifiers,
    check_no_personal_data,
    find_patient_identifiers,
    findings_by_field,
)

SEPARATORS = ["", " ", ".", "-"]


def kinds(text: str, *, contacts: bool = False) -> list[str]:
    return [finding.kind for finding in find_patient_identifiers(text, contacts=contacts)]


# --- Belgian NISS: YYMMDD SSS CC, CC = 97 - n mod 97, with a leading 2 for people born from 2000 -------------------
def niss(birth: datetime.date, serial: int) -> str:
    body = f"{birth:%y%m%d}{serial:03d}"
    base = int(("2" if birth.year >= 2000 else "") + body)
    return body + f"{97 - base % 97:02d}"


def spaced_niss(number: str, separator: str) -> str:
    s = separator
    return f"{number[:2]}{s}{number[2:4]}{s}{number[4:6]}{s}{number[6:9]}{s}{number[9:]}"


@pytest.mark.parametrize("number", [niss(datetime.date(1985, 7, 30), 33), niss(datetime.date(2004, 2, 29), 998)])
def test_a_valid_niss_of_either_century_is_caught(number: str) -> None:
    for separator in SEPARATORS:
        assert kinds(f"Patient NISS {spaced_niss(number, separator)} vu hier") == ["niss"]


# --- French NIR: sex YY MM dept(2A/2B) commune order key, key = 97 - n mod 97 (2A → 19, 2B → 18) ------------------
def nir(sex: int, year: int, month: int, department: str, commune: int, order: int) -> str:
    body = f"{sex}{year % 100:02d}{month:02d}{department}{commune:03d}{order:03d}"
    numeric = int(body.replace("2A", "19").replace("2B", "18"))
    return body + f"{97 - numeric % 97:02d}"


def spaced_nir(number: str, separator: str) -> str:
    s = separator
    return (f"{number[0]}{s}{number[1:3]}{s}{number[3:5]}{s}{number[5:7]}{s}{number[7:10]}{s}{number[10:13]}"
            f"{s}{number[13:]}")


@pytest.mark.parametrize("department", ["75", "59", "2A", "2B"])
def test_a_valid_nir_is_caught_including_corsica(department: str) -> None:
    number = nir(2, 1969, 2, department, 123, 456)
    for separator in SEPARATORS:
        assert kinds(f"NIR : {spaced_nir(number, separator)}.") == ["nir"]


def test_a_corsican_nir_with_a_key_computed_without_the_substitution_is_not_flagged() -> None:
    number = nir(1, 1985, 5, "2A", 6, 84)
    wrong = number[:-2] + f"{(int(number[-2:]) + 1) % 100:02d}"
    assert kinds(wrong) == []


# --- Swiss AHV/AVS: 756.XXXX.XXXX.XC, EAN-13 check digit ---------------------------------------------------------
def ahv(body: int) -> str:
    digits = f"756{body:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def test_a_valid_ahv_number_is_caught_in_its_usual_formats() -> None:
    number = ahv(123456789)
    assert kinds(f"AVS {number[:3]}.{number[3:7]}.{number[7:11]}.{number[11:]}") == ["ahv"]
    assert kinds(f"AVS {number}") == ["ahv"]


# --- phones, e-mail, addresses, a name with a birth date ----------------------------------------------------------
@pytest.mark.parametrize("phone", [
    "+32 2 555 12 34", "0032 475 12 34 56", "02/555.12.34", "0475 12 34 56",  # Belgium
    "+33 6 12 34 56 78", "06 12 34 56 78", "01.23.45.67.89",  # France
    "+41 22 123 45 67", "022 123 45 67", "079 123 45 67",  # Switzerland
])
def test_phone_numbers_of_belgium_france_and_switzerland_are_caught(phone: str) -> None:
    assert kinds(f"Rappeler la fille au {phone} demain") == ["phone"]


@pytest.mark.parametrize("text", ["Écrire à jean.dupont@gmail.com", "mail: m.peeters+soins@telenet.be."])
def test_e_mail_addresses_are_caught_where_texts_name_nobody(text: str) -> None:
    assert kinds(text, contacts=True) == ["email"]
    assert kinds(text) == []  # profiles and job offers may give a contact address


@pytest.mark.parametrize("text", [
    "Elle habite rue de la Loi 16 à Bruxelles", "domicile au 12, rue des Lilas", "Avenue Louise 54 bte 3",
    "chaussée de Waterloo 1234", "Kerkstraat 12, 9000 Gent", "Bahnhofstrasse 5", "au 3 place Flagey",
])
def test_street_addresses_are_caught(text: str) -> None:
    assert kinds(text, contacts=True) == ["address"]


@pytest.mark.parametrize("text", [
    "La réunion du 12 mars a réuni 8 personnes.", "3 places de parking", "16 route barrée", "les 2 cours de yoga",
    "La rue est calme", "En 2023 place à la concertation", "Le plan de 2019 prévoyait 4 rues",
    "Un délai de 14 jours, 3 services et 2 réunions.", "Le budget 2024 : 125 000 euros.",
])
def test_ordinary_organisational_text_is_not_flagged(text: str) -> None:
    assert kinds(text, contacts=True) == []


@pytest.mark.parametrize("text", [
    "Mme Dubois, née le 12/03/1941, vit seule", "patient Janssens (04.11.1950)", "né le 3 mai 1938",
    "Monsieur Peeters Jan geboren 01-02-1944", "geboren op 7 januari 1952",
])
def test_a_name_next_to_a_birth_date_is_caught(text: str) -> None:
    assert kinds(text) == ["name_birthdate"]


def test_check_raises_per_field_and_shows_what_was_found() -> None:
    with pytest.raises(ValidationError) as error:
        check_no_patient_identifiers(title="Coordination", body="Appeler le 0475 12 34 56")
    assert list(error.value.message_dict) == ["body"]
    assert "0475 12 34 56" in error.value.message_dict["body"][0]
    with pytest.raises(ValidationError):
        check_no_personal_data(body="voir a.b@example.org")
    check_no_patient_identifiers(body="voir a.b@example.org")
    assert findings_by_field({"a": "rue de la Loi 16", "b": "rien"}, contacts=True)["a"][0][1] == "rue de la Loi 16"


# --- generated identifiers: every valid one caught, a wrong check digit never flagged ----------------------------
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31))
serials = st.integers(min_value=1, max_value=997)
separators = st.sampled_from(SEPARATORS)
departments = st.sampled_from([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"])
nirs = st.builds(nir, st.sampled_from([1, 2]), st.integers(1900, 2025), st.integers(1, 12), departments,
                 st.integers(1, 990), st.integers(1, 999))
contexts = st.sampled_from(["{}", "Le numéro {} figure au dossier.", "({})", "n° {}, à vérifier"])
hypothesis_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@hypothesis_settings
@given(births, serials, separators, contexts)
def test_every_generated_valid_niss_is_caught(birth, serial, separator, context) -> None:
    assert kinds(context.format(spaced_niss(niss(birth, serial), separator))) == ["niss"]


@hypothesis_settings
@given(nirs, separators, contexts)
def test_every_generated_valid_nir_is_caught(number, separator, context) -> None:
    assert kinds(context.format(spaced_nir(number, separator))) == ["nir"]


@hypothesis_settings
@given(st.integers(0, 999_999_999), contexts)
def test_every_generated_valid_ahv_is_caught(body, context) -> None:
    assert kinds(context.format(ahv(body))) == ["ahv"]


@hypothesis_settings
@given(births, serials, st.integers(1, 96))
def test_a_niss_with_a_wrong_check_number_is_not_flagged(birth, serial, shift) -> None:
    number = niss(birth, serial)
    wrong = number[:9] + f"{(int(number[9:]) + shift) % 97 or 97:02d}"
    other_century = 97 - int(("" if birth.year >= 2000 else "2") + number[:9]) % 97
    if int(wrong[9:]) == other_century:  # valid for someone born a century apart: a real NISS
        return
    assert "niss" not in kinds(f"numéro {wrong}")


@hypothesis_settings
@given(nirs, st.integers(1, 96))
def test_a_nir_with_a_wrong_key_is_not_flagged(number, shift) -> None:
    wrong = number[:13] + f"{(int(number[13:]) - 1 + shift) % 97 + 1:02d}"
    assert kinds(f"NIR {wrong}") == []


@hypothesis_settings
@given(st.integers(0, 999_999_999), st.integers(1, 9))
def test_an_ahv_with_a_wrong_check_digit_is_not_flagged(body, shift) -> None:
    number = ahv(body)
    wrong = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert "ahv" not in kinds(wrong)
