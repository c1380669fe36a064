"""The flag rules of ICOPE step 1 (WHO ICOPE Handbook 2019), on every combination of answers of each domain.

The expected flag is written here from the handbook's wording, independently of the rule data in icope.py."""

import itertools
from decimal import Decimal

import pytest

from praxis.prevention import icope

# A complete set of answers with no domain flagged; each test changes one domain's answers.
HEALTHY = {"oriented_date": True, "oriented_place": True, "words_recalled": 3, "chair_rise": "9.0",
           "weight_loss": False, "appetite_loss": False, "eye_problems": False, "hearing_passed": True,
           "felt_down": False, "little_interest": False}
BOOLS = (True, False)
# Chair-rise times around the 14-second limit, and None for "could not do the five rises".
TIMES = ("0.5", "9.0", "13.9", "14.0", "14.1", "30.0", "600.0", None)


def test_healthy_answers_flag_nothing() -> None:
    assert icope.flags(HEALTHY) == dict.fromkeys(icope.DOMAIN_KEYS, False)


@pytest.mark.parametrize(("date", "place", "recalled"), list(itertools.product(BOOLS, BOOLS, range(4))))
def test_cognition_is_flagged_if_either_orientation_answer_is_wrong_or_a_word_is_forgotten(
        date: bool, place: bool, recalled: int) -> None:
    answers = HEALTHY | {"oriented_date": date, "oriented_place": place, "words_recalled": recalled}
    expected = (not date) or (not place) or recalled < 3
    assert icope.flags(answers) == dict.fromkeys(icope.DOMAIN_KEYS, False) | {icope.COGNITION: expected}


@pytest.mark.parametrize("seconds", TIMES)
def test_mobility_is_flagged_if_five_chair_rises_take_more_than_14_seconds_or_are_not_done(seconds: str | None) -> None:
    expected = seconds is None or Decimal(seconds) > 14
    assert icope.flags(HEALTHY | {"chair_rise": seconds}) == dict.fromkeys(icope.DOMAIN_KEYS, False) | {
        icope.MOBILITY: expected}


@pytest.mark.parametrize(("weight", "appetite"), list(itertools.product(BOOLS, BOOLS)))
def test_nutrition_is_flagged_on_weight_loss_or_appetite_loss(weight: bool, appetite: bool) -> None:
    answers = HEALTHY | {"weight_loss": weight, "appetite_loss": appetite}
    assert icope.flags(answers)[icope.NUTRITION] is (weight or appetite)
    assert sum(icope.flags(answers).values()) == int(weight or appetite)


@pytest.mark.parametrize("eyes", BOOLS)
def test_vision_is_flagged_on_any_eye_problem(eyes: bool) -> None:
    assert icope.flags(HEALTHY | {"eye_problems": eyes}) == dict.fromkeys(icope.DOMAIN_KEYS, False) | {
        icope.VISION: eyes}


@pytest.mark.parametrize("passed", BOOLS)
def test_hearing_is_flagged_when_the_test_is_failed(passed: bool) -> None:
    assert icope.flags(HEALTHY | {"hearing_passed": passed}) == dict.fromkeys(icope.DOMAIN_KEYS, False) | {
        icope.HEARING: not passed}


@pytest.mark.parametrize(("down", "interest"), list(itertools.product(BOOLS, BOOLS)))
def test_depressive_symptoms_are_flagged_on_either_question(down: bool, interest: bool) -> None:
    answers = HEALTHY | {"felt_down": down, "little_interest": interest}
    assert icope.flags(answers) == dict.fromkeys(icope.DOMAIN_KEYS, False) | {icope.DEPRESSION: down or interest}


def test_all_domains_combine_independently() -> None:
    worst = {"oriented_date": False, "oriented_place": False, "words_recalled": 0, "chair_rise": None,
             "weight_loss": True, "appetite_loss": True, "eye_problems": True, "hearing_passed": False,
             "felt_down": True, "little_interest": True}
    assert icope.flags(worst) == dict.fromkeys(icope.DOMAIN_KEYS, True)


def test_an_incomplete_screening_has_no_flags() -> None:
    with pytest.raises(ValueError, match="unanswered"):
        icope.flags({key: value for key, value in HEALTHY.items() if key != "felt_down"})


def test_every_item_is_asked_by_both_versions_and_every_domain_has_a_rule_and_a_step_two() -> None:
    for steps in (icope.PRO_STEPS, icope.SELF_STEPS):
        assert sorted(key for step in steps for key in step.items) == sorted(icope.ITEMS_BY_KEY)
    assert set(icope.FLAG_RULES) == set(icope.STEP_TWO) == set(icope.DOMAIN_KEYS)
    assert {item.domain for item in icope.ITEMS} == set(icope.DOMAIN_KEYS)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_each_language_has_word_sets_of_three_distinct_words(language: str) -> None:
    sets = icope.WORD_SETS[language]
    assert len(sets) == len(icope.WORD_SETS["fr"])
    assert all(len(set(words)) == 3 for words in sets)
