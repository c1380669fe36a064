"""The WHO ICOPE step-1 screening instrument, as data a reviewer can check against the handbook.

Source (cite this edition when the instrument changes, and bump VERSION):
    World Health Organization. Integrated care for older people (ICOPE): guidance for person-centred assessment and
    pathways in primary care. Geneva: WHO; 2019 (WHO/FWC/ALC/19.1). Licence: CC BY-NC-SA 3.0 IGO.
    Step 1, "Screening for declines in intrinsic capacity" (the ICOPE screening tool).

Step 1 has no total score: each of the six domains is flagged or not, and a flagged domain leads to the step-2
assessment of that domain. Nothing here depends on who answers; the two versions of the screening (professionals, and
older people or their carers) differ only in the wording of the prompts and in how many questions share a screen.

The version is stored with every result (`Screening.instrument_version`): change an item, a rule or a word set and the
version changes, so figures never mix two instruments silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

VERSION = "who-icope-2019-step1.v1"
SOURCE = ("World Health Organization. Integrated care for older people (ICOPE): guidance for person-centred "
          "assessment and pathways in primary care. Geneva: WHO; 2019 (WHO/FWC/ALC/19.1).")

# Five chair rises: the handbook flags a person who does not complete them within 14 seconds.
CHAIR_RISE_LIMIT_SECONDS = Decimal(14)
# A timer value above this is a forgotten stopwatch, not a chair-rise time: refused with a message.
CHAIR_RISE_MAX_SECONDS = Decimal(600)

COGNITION, MOBILITY, NUTRITION, VISION, HEARING, DEPRESSION = (
    "cognition", "mobility", "nutrition", "vision", "hearing", "depression")
DOMAINS: list[tuple[str, Any]] = [
    (COGNITION, _("Cognitive decline")),
    (MOBILITY, _("Limited mobility")),
    (NUTRITION, _("Malnutrition")),
    (VISION, _("Visual impairment")),
    (HEARING, _("Hearing loss")),
    (DEPRESSION, _("Depressive symptoms")),
]
DOMAIN_KEYS = [key for key, _label in DOMAINS]
DOMAIN_LABELS = dict(DOMAINS)

# Three unrelated, concrete, short words per set (the handbook's example is "flower, door, rice"). The set is drawn
# at the start of a screening; its index is kept in the session only, never stored.
WORD_SETS: dict[str, list[tuple[str, str, str]]] = {
    "fr": [("fleur", "porte", "riz"), ("pomme", "chaise", "clé"), ("chat", "livre", "pain")],
    "nl": [("bloem", "deur", "rijst"), ("appel", "stoel", "sleutel"), ("kat", "boek", "brood")],
    "en": [("flower", "door", "rice"), ("apple", "chair", "key"), ("cat", "book", "bread")],
}


def words(language: str, index: int) -> tuple[str, str, str]:
    sets = WORD_SETS.get((language or "fr")[:2], WORD_SETS["fr"])
    return sets[index % len(sets)]


@dataclass(frozen=True)
class Item:
    """One answer the screening collects. `kind`: "yes_no" (True/False), "words" (how many of the three words are
    recalled, 0–3), "seconds" (five chair rises: a time in seconds, or None when they could not be completed),
    "note" (an instruction with no answer). `pro` and `self` are the two wordings of the prompt."""

    key: str
    domain: str
    kind: str
    pro: Any
    self: Any
    yes: Any = _("Yes")
    no: Any = _("No")
    help_pro: Any = ""
    help_self: Any = ""


ITEMS: list[Item] = [
    Item("words_given", COGNITION, "note",
         pro=_("Say these three words to the person and ask them to repeat and remember them."),
         self=_("Read these three words aloud, then try to remember them. We will ask for them again later."),
         help_self=_("Ask the person you help to read them if you are a carer.")),
    Item("oriented_date", COGNITION, "yes_no",
         pro=_("Orientation in time: ask for the full date (day, month, year). Was the answer right?"),
         self=_("Without looking at a calendar or a phone, can you say today's full date: day, month and year?"),
         yes=_("Right"), no=_("Wrong or no answer")),
    Item("oriented_place", COGNITION, "yes_no",
         pro=_("Orientation in space: ask where they are now (home, clinic…). Was the answer right?"),
         self=_("Can you say where you are right now (at home, at the doctor's…)?"),
         yes=_("Right"), no=_("Wrong or no answer")),
    Item("words_recalled", COGNITION, "words",
         pro=_("Ask for the three words. Tick each word the person recalled."),
         self=_("Without looking back, say the three words you read at the start. Then tick the ones you said."),
         help_self=_("Do not scroll back: this only works from memory.")),
    Item("chair_rise", MOBILITY, "seconds",
         pro=_("Ask the person to rise from a chair five times without using their arms. Time it."),
         self=_("Sit on a firm chair. Stand up and sit down five times as fast as you safely can, arms crossed on "
                "your chest. How long did it take?"),
         help_pro=_("Start the timer when they start, stop it when they sit down the fifth time."),
         help_self=_("Only do it if you feel safe: have someone near you. If you cannot stand up five times, say "
                     "so.")),
    Item("weight_loss", NUTRITION, "yes_no",
         pro=_("Weight loss: has the person unintentionally lost more than 3 kg over the last three months?"),
         self=_("Have you lost more than 3 kg in the last three months without trying to?")),
    Item("appetite_loss", NUTRITION, "yes_no",
         pro=_("Appetite loss: has the person experienced loss of appetite?"),
         self=_("Have you lost your appetite lately?")),
    Item("eye_problems", VISION, "yes_no",
         pro=_("Does the person have any problems with their eyes: difficulties in seeing far or reading, eye "
               "diseases, or current medical treatment (e.g. diabetes, high blood pressure)?"),
         self=_("Do you have trouble with your eyes: seeing far away, reading, an eye disease, or a treatment for "
                "diabetes or high blood pressure?")),
    Item("hearing_passed", HEARING, "yes_no",
         pro=_("Whisper test (or screening audiometry ≤ 35 dB, or an automated digits-in-noise test): did the "
               "person pass?"),
         self=_("Ask someone to stand behind you, an arm's length away, and whisper a short word in each ear in "
                "turn. Could you hear and repeat both words?"),
         help_pro=_("Whisper test: stand behind the person at arm's length, cover the other ear, whisper four "
                    "words; passed if they repeat at least three."),
         help_self=_("If you use a hearing aid, keep it in."),
         yes=_("Passed"), no=_("Failed")),
    Item("felt_down", DEPRESSION, "yes_no",
         pro=_("Over the past two weeks, has the person been bothered by feeling down, depressed or hopeless?"),
         self=_("Over the last two weeks, have you often felt down, sad or hopeless?")),
    Item("little_interest", DEPRESSION, "yes_no",
         pro=_("Over the past two weeks, has the person been bothered by little interest or pleasure in doing "
               "things?"),
         self=_("Over the last two weeks, have you had little interest or pleasure in doing things?")),
]
ITEMS_BY_KEY = {item.key: item for item in ITEMS}
ANSWERED_ITEMS = [item for item in ITEMS if item.kind != "note"]


@dataclass(frozen=True)
class Condition:
    """`item` `op` `value` is true. ops: "is" (equality), "lt", "gt". A None answer (chair rises not completed)
    makes "gt" true: not completing the five rises is worse than any time."""

    item: str
    op: str
    value: Any

    def holds(self, answers: dict[str, Any]) -> bool:
        answer = answers[self.item]
        if self.op == "is":
            return bool(answer == self.value)
        if self.op == "lt":
            return bool(answer < self.value)
        if self.op == "gt":
            return answer is None or Decimal(str(answer)) > self.value
        raise ValueError(self.op)


# A domain is flagged when ANY of its conditions holds (the handbook's "if either… / if not all…").
FLAG_RULES: dict[str, list[Condition]] = {
    COGNITION: [Condition("oriented_date", "is", False), Condition("oriented_place", "is", False),
                Condition("words_recalled", "lt", 3)],
    MOBILITY: [Condition("chair_rise", "gt", CHAIR_RISE_LIMIT_SECONDS)],
    NUTRITION: [Condition("weight_loss", "is", True), Condition("appetite_loss", "is", True)],
    VISION: [Condition("eye_problems", "is", True)],
    HEARING: [Condition("hearing_passed", "is", False)],
    DEPRESSION: [Condition("felt_down", "is", True), Condition("little_interest", "is", True)],
}


def flags(answers: dict[str, Any]) -> dict[str, bool]:
    """Each domain flagged or not, from a complete set of answers (no total score, as in the handbook)."""
    missing = [item.key for item in ANSWERED_ITEMS if item.key not in answers]
    if missing:
        raise ValueError(f"unanswered items: {missing}")
    return {domain: any(condition.holds(answers) for condition in FLAG_RULES[domain]) for domain in DOMAIN_KEYS}


@dataclass(frozen=True)
class Step:
    """One screen of a screening: its slug in the URL and the items it asks."""

    slug: str
    items: tuple[str, ...]
    title: Any = ""


# Professionals: one domain per screen (cognition in three, because the words must be out of sight before recall).
PRO_STEPS: list[Step] = [
    Step("mots", ("words_given",), _("Cognition: three words")),
    Step("orientation", ("oriented_date", "oriented_place"), _("Cognition: orientation")),
    Step("rappel", ("words_recalled",), _("Cognition: recall")),
    Step("mobilite", ("chair_rise",), _("Mobility")),
    Step("nutrition", ("weight_loss", "appetite_loss"), _("Nutrition")),
    Step("vision", ("eye_problems",), _("Vision")),
    Step("audition", ("hearing_passed",), _("Hearing")),
    Step("humeur", ("felt_down", "little_interest"), _("Mood")),
]
# Older people and carers: one question per screen, plain language.
SELF_STEPS: list[Step] = [
    Step("mots", ("words_given",), _("Three words to remember")),
    Step("date", ("oriented_date",), _("Today's date")),
    Step("lieu", ("oriented_place",), _("Where you are")),
    Step("rappel", ("words_recalled",), _("The three words")),
    Step("chaise", ("chair_rise",), _("Standing up from a chair")),
    Step("poids", ("weight_loss",), _("Weight")),
    Step("appetit", ("appetite_loss",), _("Appetite")),
    Step("yeux", ("eye_problems",), _("Eyes")),
    Step("oreilles", ("hearing_passed",), _("Hearing")),
    Step("moral", ("felt_down",), _("Mood")),
    Step("envie", ("little_interest",), _("Interest in things")),
]


@dataclass(frozen=True)
class StepTwo:
    """What step 2 of ICOPE assesses for a flagged domain, with which tool, and what to do next."""

    assesses: Any
    tools: Any
    next_pro: Any
    next_self: Any
    services: tuple[str, ...] = field(default=())


# Step 2 per domain, after the handbook's care pathways (chapters on each domain).
STEP_TWO: dict[str, StepTwo] = {
    COGNITION: StepTwo(
        assesses=_("An in-depth assessment of cognition and of what may cause a decline (medication, mood, "
                   "hearing, illness)."),
        tools=_("Mini-Cog, MoCA or MMSE; check hearing, vision and medication first."),
        next_pro=_("Plan a cognitive assessment; consider a memory clinic referral if the decline is confirmed."),
        next_self=_("Talk to your GP about your memory. It is common, and often something can be done.")),
    MOBILITY: StepTwo(
        assesses=_("Physical performance, balance and the risk of falls."),
        tools=_("Short Physical Performance Battery (SPPB); fall history."),
        next_pro=_("Assess with the SPPB; propose a multicomponent exercise programme and falls prevention."),
        next_self=_("Tell your GP or a physiotherapist. Regular exercise keeps you steady and prevents falls.")),
    NUTRITION: StepTwo(
        assesses=_("Nutritional status and its causes (teeth, swallowing, appetite, money, loneliness)."),
        tools=_("Mini Nutritional Assessment, short form (MNA-SF)."),
        next_pro=_("Assess with the MNA-SF; refer to a dietitian if malnutrition is likely."),
        next_self=_("Tell your GP about the weight or appetite you lost. A dietitian can help.")),
    VISION: StepTwo(
        assesses=_("Visual acuity and eye diseases."),
        tools=_("Simple eye chart (WHO) and an eye examination."),
        next_pro=_("Check visual acuity; refer to an ophthalmologist or optician as needed."),
        next_self=_("Have your eyes checked by an eye doctor or an optician.")),
    HEARING: StepTwo(
        assesses=_("Hearing level and its causes (wax, ear disease)."),
        tools=_("Audiometry; ear examination."),
        next_pro=_("Examine the ears and refer for audiometry; discuss hearing aids."),
        next_self=_("Ask your GP to check your ears and to send you for a hearing test.")),
    DEPRESSION: StepTwo(
        assesses=_("Depressive symptoms and their severity."),
        tools=_("Patient Health Questionnaire (PHQ-9) or Geriatric Depression Scale."),
        next_pro=_("Assess with the PHQ-9; offer support and follow-up, refer if needed."),
        next_self=_("Talk about how you feel with your GP or someone you trust. Help exists.")),
}
