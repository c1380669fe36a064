"""Professional registration numbers, checked by the rules of the member's country.

- Belgium, INAMI/RIZIV: 11 digits = profession digit + 5-digit sequence + 2 check digits + 3-digit competence
  code. The check digits are 97 - (first 6 digits mod 97) for older numbers, or 89 - (first 6 digits mod 89) for
  numbers issued since the 2012 change; both are accepted. The first 8 digits identify the person for life (the
  competence code changes with their qualification).
- France, RPPS: 11 digits. The Luhn key is not officially documented, so a mismatch is a warning shown to the
  moderator, not a rejection. Legacy ADELI numbers: 9 digits.
- Switzerland, GLN: 13 digits starting with 7601, with the GS1 mod-10 check digit.
- Luxembourg: no public checksum; the CNS provider code (6 to 10 digits) is checked by a moderator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import ean, luhn

_SEPARATORS = re.compile(r"[\s.\-/]")


class Kind:
    INAMI = "inami"
    RPPS = "rpps"
    ADELI = "adeli"
    GLN = "gln"
    LU = "lu_cns"


@dataclass(frozen=True)
class CheckedNumber:
    """A well-formed number: its digits, its kind, the person's stable key and any warning for the moderator."""

    number: str
    kind: str
    stable_key: str
    warnings: list[str] = field(default_factory=list)


def normalise(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def _digits_only(number: str, label: str) -> None:
    if not number.isdigit():
        raise ValidationError(
            _("The %(label)s number may contain only digits (spaces, dots and dashes are ignored).")
            % {"label": label},
            code="not_digits",
        )


def inami_check_digits(first_six: int) -> tuple[int, int]:
    """The two accepted check values: modulus 97 (older numbers) and modulus 89 (since 2012)."""
    return 97 - first_six % 97, 89 - first_six % 89


def check_inami(raw: str) -> CheckedNumber:
    number = normalise(raw)
    _digits_only(number, "INAMI/RIZIV")
    if len(number) != 11:
        raise ValidationError(
            _("An INAMI/RIZIV number has 11 digits; you typed %(count)d.") % {"count": len(number)},
            code="length",
        )
    first_six, check = int(number[:6]), int(number[6:8])
    if check not in inami_check_digits(first_six):
        raise ValidationError(
            _(
                "The check digits of this INAMI/RIZIV number (%(check)s) do not match its first six digits: "
                "they should equal 97 minus the first six digits modulo 97, or 89 minus them modulo 89. "
                "Please check for a typing error."
            )
            % {"check": number[6:8]},
            code="checksum",
        )
    return CheckedNumber(number=number, kind=Kind.INAMI, stable_key=number[:8])


def check_france(raw: str) -> CheckedNumber:
    number = normalise(raw)
    _digits_only(number, "RPPS/ADELI")
    if len(number) == 9:
        return CheckedNumber(number=number, kind=Kind.ADELI, stable_key=number)
    if len(number) != 11:
        raise ValidationError(
            _("An RPPS number has 11 digits and a legacy ADELI number 9; you typed %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    warnings = []
    if not luhn.is_valid(number):
        # The RPPS key is not officially documented: tell the moderator, do not reject the member.
        warnings.append(_("The RPPS number fails the Luhn check; verify it in the RPPS directory."))
    return CheckedNumber(number=number, kind=Kind.RPPS, stable_key=number, warnings=warnings)


def check_gln(raw: str) -> CheckedNumber:
    number = normalise(raw)
    _digits_only(number, "GLN")
    if len(number) != 13:
        raise ValidationError(
            _("A Swiss GLN has 13 digits; you typed %(count)d.") % {"count": len(number)}, code="length"
        )
    if not number.startswith("7601"):
        raise ValidationError(_("A Swiss GLN starts with 7601."), code="prefix")
    if not ean.is_valid(number):
        raise ValidationError(
            _("The last digit of this GLN does not match the GS1 check-digit rule. Please check for a typing error."),
            code="checksum",
        )
    return CheckedNumber(number=number, kind=Kind.GLN, stable_key=number)


def check_luxembourg(raw: str) -> CheckedNumber:
    number = normalise(raw)
    _digits_only(number, "CNS")
    if not 6 <= len(number) <= 10:
        raise ValidationError(
            _("A Luxembourg provider code has 6 to 10 digits; you typed %(count)d.") % {"count": len(number)},
            code="length",
        )
    return CheckedNumber(number=number, kind=Kind.LU, stable_key=number)


CHECKERS = {"BE": check_inami, "FR": check_france, "CH": check_gln, "LU": check_luxembourg}


def check_registration_number(country: str, raw: str) -> CheckedNumber:
    """Validate `raw` by the rules of `country`; raises ValidationError naming the rule that failed."""
    try:
        checker = CHECKERS[country]
    except KeyError:
        raise ValidationError(_("Choose a country of practice."), code="country") from None
    if not normalise(raw):
        raise ValidationError(_("Enter your professional registration number."), code="required")
    return checker(raw)
