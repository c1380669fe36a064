"""Professional registration numbers, per country, with the rule that failed named in the error."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean, luhn

from praxis.accounts.validators import Kind, check_registration_number, inami_check_digits

six_digits = st.integers(min_value=100000, max_value=999999)
competence = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


def inami(first_six: int, check: int, code: str) -> str:
    return f"{first_six:06d}{check:02d}{code}"


@pytest.mark.parametrize("number", ["1-08290-59-004", "1-01857-48-004", "10829059123", "1 01857 48 004"])
def test_belgian_examples_from_the_issue_are_well_formed(number: str) -> None:
    checked = check_registration_number("BE", number)
    assert checked.kind == Kind.INAMI
    assert checked.number.isdigit() and len(checked.number) == 11


def test_the_stable_key_of_an_inami_number_is_its_first_eight_digits() -> None:
    assert check_registration_number("BE", "1-08290-59-004").stable_key == "10829059"
    assert check_registration_number("BE", "1-08290-59-580").stable_key == "10829059"


@given(first_six=six_digits, code=competence, modulus=st.sampled_from([0, 1]))
def test_any_number_with_a_mod_97_or_mod_89_check_is_accepted(first_six: int, code: str, modulus: int) -> None:
    number = inami(first_six, inami_check_digits(first_six)[modulus], code)
    assert check_registration_number("BE", number).stable_key == number[:8]


@given(first_six=six_digits, code=competence, wrong=st.integers(min_value=0, max_value=99))
def test_any_other_check_value_is_rejected(first_six: int, code: str, wrong: int) -> None:
    if wrong in inami_check_digits(first_six):
        return
    with pytest.raises(ValidationError) as error:
        check_registration_number("BE", inami(first_six, wrong, code))
    assert error.value.code == "checksum"


@pytest.mark.parametrize(
    ("number", "code", "french"),
    [
        ("1082905900", "length", "Un numéro INAMI compte 11 chiffres ; vous en avez saisi 10."),
        ("1-08290-60-004", "checksum", "97 moins les six premiers chiffres modulo 97, ou 89 moins"),
        ("1-08290-5A-004", "not_digits", "ne peut contenir que des chiffres"),
    ],
)
def test_a_wrong_belgian_number_names_the_failed_rule_in_french(number: str, code: str, french: str) -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        check_registration_number("BE", number)
    assert error.value.code == code
    assert french in error.value.messages[0]


def test_the_same_error_reads_in_dutch_for_a_dutch_speaking_member() -> None:
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        check_registration_number("BE", "1082905900")
    assert error.value.messages == ["Een RIZIV-nummer heeft 11 cijfers; u typte er 10."]


@given(body=st.integers(min_value=0, max_value=10**10 - 1))
def test_an_rpps_number_with_a_luhn_key_has_no_warning(body: int) -> None:
    number = f"{body:010d}" + luhn.calc_check_digit(f"{body:010d}")
    checked = check_registration_number("FR", number)
    assert checked.kind == Kind.RPPS
    assert checked.warnings == []


def test_an_rpps_number_failing_luhn_is_accepted_with_a_warning_for_the_moderator() -> None:
    number = "10003456789"
    assert not luhn.is_valid(number)
    checked = check_registration_number("FR", number)
    assert checked.kind == Kind.RPPS
    assert len(checked.warnings) == 1


def test_a_legacy_adeli_number_has_nine_digits() -> None:
    assert check_registration_number("FR", "75 1 23456 7").kind == Kind.ADELI
    with pytest.raises(ValidationError) as error:
        check_registration_number("FR", "1234567890")
    assert error.value.code == "length"


@given(body=st.integers(min_value=0, max_value=10**8 - 1))
def test_a_swiss_gln_with_a_gs1_check_digit_is_accepted(body: int) -> None:
    stem = f"7601{body:08d}"
    assert check_registration_number("CH", stem + ean.calc_check_digit(stem)).kind == Kind.GLN


@given(body=st.integers(min_value=0, max_value=10**8 - 1), shift=st.integers(min_value=1, max_value=9))
def test_a_swiss_gln_with_a_wrong_check_digit_is_rejected(body: int, shift: int) -> None:
    stem = f"7601{body:08d}"
    wrong = (int(ean.calc_check_digit(stem)) + shift) % 10
    with pytest.raises(ValidationError) as error:
        check_registration_number("CH", f"{stem}{wrong}")
    assert error.value.code == "checksum"


@pytest.mark.parametrize(("number", "code"), [("7611234567890", "prefix"), ("760112345678", "length")])
def test_a_swiss_gln_must_start_with_7601_and_have_13_digits(number: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_registration_number("CH", number)
    assert error.value.code == code


def test_luxembourg_provider_codes_are_checked_for_length_only() -> None:
    assert check_registration_number("LU", "12345678").kind == Kind.LU
    with pytest.raises(ValidationError):
        check_registration_number("LU", "123")


def test_an_unknown_country_or_an_empty_number_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        check_registration_number("DE", "12345678901")
    assert error.value.code == "country"
    with pytest.raises(ValidationError) as error:
        check_registration_number("BE", " - ")
    assert error.value.code == "required"
