"""A deterministic synthetic practice: realistic patients for the demo, the tests and the performance harness.

The output is a function of ``(n, seed, staff, as_of)`` only: one ``random.Random(seed)`` drives every choice,
in a fixed order, so the first k patients of a run of n are the k patients of a run of k. 100,000 patients must
generate in seconds, so records are assembled with ``model_construct`` (no validation); they are built to pass
validation exactly as they are, which ``validate=True`` and the tests check.
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Generic, TypeVar

from pydantic import BaseModel

from carecoord_desktop.domain import synthetic_data as data
from carecoord_desktop.domain.clinical_summary import (
    Allergy,
    CareTeamMember,
    CareTeamMemberKind,
    CareTeamRole,
    ClinicalSummary,
    CodeSystem,
    Problem,
    ProblemStatus,
    RiskTier,
    RiskTierAssignment,
)
from carecoord_desktop.domain.contact import (
    BestTime,
    Caregiver,
    CaregiverRelationship,
    ContactChannel,
    ContactConsent,
    ContactPreferences,
    PatientPhones,
    PostalAddress,
    SharingAuthorization,
    SharingScope,
)
from carecoord_desktop.domain.patients import (
    CareProgram,
    GenderIdentity,
    Insurance,
    Patient,
    PatientStatus,
    ProgramEnrolment,
    SexAtBirth,
)
from carecoord_desktop.domain.validation import PatientRules

_MRN_FIRST: Final = 10_000_000
_MRN_SPACE: Final = 90_000_000  # eight-digit MRNs
_DAYS_PER_YEAR: Final = 365.2425
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class SyntheticStaff:
    """The staff accounts patients are assigned to (``staff.id`` values); either list may be empty."""

    pcp_ids: tuple[int, ...]
    coordinator_ids: tuple[int, ...] = ()


def generate_patients(
    n: int, seed: int, staff: SyntheticStaff, *, as_of: date | None = None, validate: bool = False
) -> Iterator[Patient]:
    """Yield ``n`` patients with unique eight-digit MRNs.

    ``as_of`` is the practice's "today" (default: the computer's date); every recorded date is on or before it.
    ``validate=True`` runs full pydantic validation on each record (several times slower).
    """
    if not 0 <= n <= _MRN_SPACE:
        raise ValueError(f"n must be between 0 and {_MRN_SPACE}")
    today = as_of if as_of is not None else date.today()
    practice = _PracticeGenerator(random.Random(seed), staff, today)
    rules = PatientRules(today=today)
    for index in range(n):
        patient = practice.patient(index)
        yield validated(patient, rules) if validate else patient


def validated(patient: Patient, rules: PatientRules | None = None) -> Patient:
    """The same record through full validation; raises ValidationError if the generator made a bad one."""
    context = (rules or PatientRules()).context()
    return Patient.model_validate(patient.model_dump(), context=context)


# ---------------------------------------------------------------------------------------------- machinery

_Model = TypeVar("_Model", bound=BaseModel)


def _build(model: type[_Model], **values: Any) -> _Model:
    """What ``model_construct`` does when every field is given, without its per-call bookkeeping (~10x faster).

    Every field must be passed, already in its validated form; the tests check both by validating samples.
    """
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


class _Weighted(Generic[_T]):
    """A weighted choice that costs one ``random()`` and a bisect."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self._items = [item for item, _ in pairs]
        self._cumulative: list[float] = []
        running = 0.0
        for _, weight in pairs:
            running += weight
            self._cumulative.append(running)
        self._total = running

    def pick(self, rng: random.Random) -> _T:
        return self._items[bisect.bisect_right(self._cumulative, rng.random() * self._total)]


_FOLDS: Final = str.maketrans(
    {"Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Þ": "Th", "þ": "th"}
)


@functools.lru_cache(maxsize=2048)
def _without_accents(text: str) -> str:
    """How a name often ends up typed on a US keyboard: Núñez → Nunez."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=2048)
def _email_part(text: str) -> str:
    return "".join(char for char in _without_accents(text).lower() if char.isascii() and char.isalnum())


# (lowest age, highest age), weighted like an adult primary-care panel: more older adults than the population.
_AGE_BANDS: Final = _Weighted(
    [((18, 34), 17), ((35, 49), 19), ((50, 64), 27), ((65, 74), 19), ((75, 84), 12), ((85, 100), 6)]
)
_BEST_TIMES: Final = _Weighted(
    [(BestTime.MORNING, 4), (BestTime.AFTERNOON, 4), (BestTime.EVENING, 2), (BestTime.ANY, 3)]
)
_OLDER_CAREGIVERS: Final = _Weighted(
    [
        (CaregiverRelationship.CHILD, 50),
        (CaregiverRelationship.SPOUSE, 30),
        (CaregiverRelationship.GRANDCHILD, 5),
        (CaregiverRelationship.SIBLING, 5),
        (CaregiverRelationship.PAID_CAREGIVER, 5),
        (CaregiverRelationship.FRIEND, 5),
    ]
)
_YOUNGER_CAREGIVERS: Final = _Weighted(
    [
        (CaregiverRelationship.SPOUSE, 45),
        (CaregiverRelationship.PARTNER, 15),
        (CaregiverRelationship.PARENT, 20),
        (CaregiverRelationship.SIBLING, 10),
        (CaregiverRelationship.FRIEND, 10),
    ]
)
_SPECIFIC_SCOPES: Final = tuple(
    scope for scope in SharingScope if scope is not SharingScope.ALL_HEALTH_INFORMATION
)
_MBI_LETTERS: Final = "ACDEFGHJKMNPQRTUVWXY"  # Medicare Beneficiary Identifier letters: no S L O I B Z
_DIGITS: Final = "0123456789"


class _PracticeGenerator:
    def __init__(self, rng: random.Random, staff: SyntheticStaff, as_of: date) -> None:
        self.rng = rng
        self.staff = staff
        self.as_of = as_of
        self.as_of_day = as_of.toordinal()
        # MRNs: an affine permutation of the eight-digit range, unique for every index and independent of n.
        multiplier = rng.randrange(_MRN_SPACE // 3, _MRN_SPACE)
        while math.gcd(multiplier, _MRN_SPACE) != 1:
            multiplier += 1
        self.mrn_multiplier = multiplier
        self.mrn_offset = rng.randrange(_MRN_SPACE)
        self.origins = _Weighted([(origin, origin.weight) for origin in data.NAME_ORIGINS])
        self.towns = _Weighted([(town, town.weight) for town in data.TOWNS])
        self.allergens = _Weighted([(allergen, allergen.weight) for allergen in data.ALLERGENS])

    # -- small dice -------------------------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, items: Sequence[_T]) -> _T:
        return items[int(self.rng.random() * len(items))]

    def day_within(self, latest: date, days_back: int, earliest: date | None = None) -> date:
        """A day in the ``days_back`` days up to ``latest``, never before ``earliest``."""
        day = date.fromordinal(latest.toordinal() - int(self.rng.random() * (days_back + 1)))
        return max(day, earliest) if earliest is not None else day

    def phone(self, area_code: str) -> str:
        # Only the 555-0100..0199 lines: reserved for fiction, so no real person is ever dialled.
        return f"+1{area_code}55501{int(self.rng.random() * 100):02d}"

    # -- one patient ------------------------------------------------------------------------------------

    def patient(self, index: int) -> Patient:
        rng, chance = self.rng, self.chance
        mrn = str(_MRN_FIRST + (self.mrn_multiplier * index + self.mrn_offset) % _MRN_SPACE)

        roll = rng.random()
        sex = SexAtBirth.FEMALE if roll < 0.54 else SexAtBirth.MALE if roll < 0.998 else SexAtBirth.UNKNOWN
        female = sex is SexAtBirth.FEMALE or (sex is SexAtBirth.UNKNOWN and chance(0.5))
        origin = self.origins.pick(rng)
        given, family, preferred, native, roman = self.name(origin, female)

        low, high = _AGE_BANDS.pick(rng)
        years = low + 0.01 + rng.random() * (high - low + 0.98)
        born = date.fromordinal(self.as_of_day - int(years * _DAYS_PER_YEAR))
        age = int(years)

        status, died = self.status(age)
        last_day = died or self.as_of  # no event is recorded after death
        language, interpreter = self.language(origin, native)
        town = self.towns.pick(rng)
        phones = self.phones(age, town)
        email = self.email(age, roman)
        address = self.address(town) if chance(0.97) else None
        pcp_id, coordinator_id = self.assignment()
        problems = self.problems(age, female, last_day)
        chronic = [condition for condition, problem in problems if problem.status.is_current]
        risk = self.risk(age, chronic, last_day, coordinator_id or pcp_id)
        programs = self.programs(age, chronic, last_day, died)
        contact = self.contact(age, origin, family, native, phones, email, address, last_day, chronic)
        gender, pronouns = self.gender(female, sex)
        allergies, no_known_allergies = self.allergies()

        managed = bool(programs) or (risk is not None and risk.tier is not RiskTier.LOW)
        return _build(
            Patient,
            mrn=mrn,
            given_name=given,
            family_name=family,
            preferred_name=preferred,
            date_of_birth=born,
            sex_at_birth=sex,
            gender_identity=gender,
            pronouns=pronouns,
            preferred_language=language,
            interpreter_needed=interpreter,
            phones=phones,
            email=email,
            address=address,
            pcp_id=pcp_id,
            coordinator_id=coordinator_id,
            insurance=self.insurance(age),
            programs=programs,
            status=status,
            date_of_death=died,
            contact=contact,
            care_team=self.care_team(age, chronic, pcp_id, coordinator_id if managed else None, town),
            clinical=_build(
                ClinicalSummary,
                problems=tuple(problem for _, problem in problems),
                allergies=allergies,
                no_known_allergies=no_known_allergies,
                risk_tier=risk,
            ),
        )

    def name(
        self, origin: data.NameOrigin, female: bool
    ) -> tuple[str, str, str | None, bool, tuple[str, str]]:
        """(given, family, preferred, written natively, (romanized given, romanized family))."""
        rng, chance = self.rng, self.chance
        given_native, given_roman = self.pick(origin.female if female else origin.male)
        surnames = origin.family_female if female and origin.family_female else origin.family
        family_native, family_roman = surnames[int(rng.random() * len(surnames))]
        native = chance(origin.native_share)
        given = self.written((given_native, given_roman), native)
        family = self.written((family_native, family_roman), native)
        if origin.key == "hispanic" and chance(0.12):
            second_native, second_roman = self.pick(origin.family)
            if second_native != family_native:
                family += " " + self.written((second_native, second_roman), native)
                family_roman += " " + second_roman
        preferred = None
        if given_native != given_roman and native and chance(0.5):
            preferred = given_roman  # 王芳 goes by Fang at the front desk
        elif given in data.NICKNAMES and chance(0.3):
            preferred = data.NICKNAMES[given]
        return given, family, preferred, native, (given_roman, family_roman)

    @staticmethod
    def written(name: tuple[str, str], native: bool) -> str:
        """The native form (script, diacritics) or the plain romanized one."""
        return name[0] if native else _without_accents(name[1])

    def status(self, age: int) -> tuple[PatientStatus, date | None]:
        death_chance = 0.002 if age < 65 else 0.015 if age < 85 else 0.06
        roll = self.rng.random()
        if roll < death_chance:
            return PatientStatus.DECEASED, self.day_within(self.as_of, 730)
        if roll < death_chance + 0.04:
            return PatientStatus.INACTIVE, None
        if roll < death_chance + 0.065:
            return PatientStatus.TRANSFERRED, None
        return PatientStatus.ACTIVE, None

    def language(self, origin: data.NameOrigin, native: bool) -> tuple[str, bool]:
        boost = 1.3 if native else 0.6
        for tag, probability in origin.languages:
            if self.chance(probability * boost):
                return tag, self.chance(0.65)
        if self.chance(0.003):
            return "ase", True  # American Sign Language
        return "en", False

    def gender(self, female: bool, sex: SexAtBirth) -> tuple[GenderIdentity | None, str | None]:
        roll = self.rng.random()
        if roll < 0.25:
            return None, None
        if roll < 0.955:
            if sex is SexAtBirth.UNKNOWN:
                return GenderIdentity.NOT_DISCLOSED, None
            identity = GenderIdentity.FEMALE if female else GenderIdentity.MALE
            pronouns = ("she/her" if female else "he/him") if self.chance(0.6) else None
            return identity, pronouns
        if roll < 0.965:
            return (
                (GenderIdentity.TRANSGENDER_MALE, "he/him")
                if female
                else (GenderIdentity.TRANSGENDER_FEMALE, "she/her")
            )
        if roll < 0.971:
            return GenderIdentity.NONBINARY, "they/them"
        return GenderIdentity.NOT_DISCLOSED, None

    def phones(self, age: int, town: data.Town) -> PatientPhones:
        chance = self.chance
        mobile_chance = 0.95 if age < 65 else 0.85 if age < 85 else 0.65
        home_chance = 0.15 if age < 40 else 0.35 if age < 65 else 0.6 if age < 85 else 0.8
        mobile = home = work = None
        if chance(mobile_chance):
            area = self.pick(town.area_codes) if chance(0.85) else self.pick(data.DISTANT_AREA_CODES)
            mobile = self.phone(area)
        if chance(home_chance) or mobile is None:
            home = self.phone(self.pick(town.area_codes))
        if age < 65 and chance(0.2):
            work = self.phone(self.pick(town.area_codes))
            if chance(0.25):
                work += f";ext={100 + int(self.rng.random() * 4900)}"
        return _build(PatientPhones, mobile=mobile, home=home, work=work)

    def email(self, age: int, roman: tuple[str, str]) -> str | None:
        if not self.chance(0.8 if age < 40 else 0.65 if age < 65 else 0.4 if age < 85 else 0.15):
            return None
        local = f"{_email_part(roman[0])}.{_email_part(roman[1])}{10 + int(self.rng.random() * 90)}"
        return f"{local}@{self.pick(('example.com', 'example.org', 'example.net'))}"

    def address(self, town: data.Town) -> PostalAddress:
        rng = self.rng
        number = 1 + int(rng.random() * rng.random() * 1500)
        line2 = f"Apt {1 + int(rng.random() * 30)}{self.pick('ABCD')}" if self.chance(0.25) else None
        return _build(
            PostalAddress,
            country="US",
            line1=f"{number} {self.pick(data.STREETS)}",
            line2=line2,
            city=town.city,
            state=town.state,
            postal_code=town.zip_code,
        )

    def assignment(self) -> tuple[int | None, int | None]:
        pcps, coordinators = self.staff.pcp_ids, self.staff.coordinator_ids
        pcp_index = int(self.rng.random() * len(pcps)) if pcps and self.chance(0.97) else None
        coordinator = None
        if coordinators and self.chance(0.9):
            # Mostly team-based: each PCP works with one coordinator.
            if pcp_index is not None and self.chance(0.7):
                coordinator = coordinators[pcp_index % len(coordinators)]
            else:
                coordinator = self.pick(coordinators)
        return (pcps[pcp_index] if pcp_index is not None else None), coordinator

    def insurance(self, age: int) -> Insurance | None:
        roll = self.rng.random()
        if age >= 65:
            if roll < 0.68:
                return _build(Insurance, payer_name=data.MEDICARE, member_id=self.mbi(), group_number=None)
            if roll < 0.93:
                return self.commercial(self.pick(data.MEDICARE_ADVANTAGE_PAYERS))
            return None
        if roll < 0.62:
            return self.commercial(self.pick(data.COMMERCIAL_PAYERS))
        if roll < 0.88:
            member_id = "1000" + "".join(self.pick(_DIGITS) for _ in range(8))
            return _build(Insurance, payer_name=data.MEDICAID, member_id=member_id, group_number=None)
        return None

    def commercial(self, payer: str) -> Insurance:
        prefix = "".join(self.pick(_MBI_LETTERS) for _ in range(3))
        member_id = prefix + "".join(self.pick(_DIGITS) for _ in range(9))
        group = f"G{10000 + int(self.rng.random() * 90000)}" if self.chance(0.7) else None
        return _build(Insurance, payer_name=payer, member_id=member_id, group_number=group)

    def mbi(self) -> str:
        """A well-formed, made-up Medicare Beneficiary Identifier, e.g. 1EG4-TE5-MK73."""
        pick = self.pick
        both = _MBI_LETTERS + _DIGITS
        chars = [
            pick("123456789"), pick(_MBI_LETTERS), pick(both), pick(_DIGITS), pick(_MBI_LETTERS), pick(both),
            pick(_DIGITS), pick(_MBI_LETTERS), pick(_MBI_LETTERS), pick(_DIGITS), pick(_DIGITS),
        ]  # fmt: skip
        return "".join(chars[:4]) + "-" + "".join(chars[4:7]) + "-" + "".join(chars[7:])

    def problems(self, age: int, female: bool, last_day: date) -> list[tuple[data.ChronicCondition, Problem]]:
        rng = self.rng
        band = 0 if age < 40 else 1 if age < 60 else 2 if age < 75 else 3
        found = []
        for condition in data.CONDITIONS:
            probability = condition.prevalence[band]
            if condition.key == "osteoporosis":
                probability *= 1.6 if female else 0.3
            if rng.random() >= probability:
                continue
            roll = rng.random()
            system, code = (
                (CodeSystem.ICD_10_CM, condition.icd10)
                if roll < 0.55
                else (CodeSystem.SNOMED_CT, condition.snomed)
                if roll < 0.9
                else (None, None)
            )
            onset = None
            if rng.random() < 0.9:
                years_back = 0.1 + rng.random() * min(age - 18, 25)
                onset = date.fromordinal(last_day.toordinal() - int(years_back * _DAYS_PER_YEAR))
            status = ProblemStatus.ACTIVE
            if condition.key in ("depression", "anxiety") and rng.random() < 0.25:
                status = ProblemStatus.REMISSION
            elif condition.key == "asthma" and rng.random() < 0.1:
                status = ProblemStatus.INACTIVE
            problem = _build(
                Problem, text=condition.text, code_system=system, code=code, onset=onset, status=status
            )
            found.append((condition, problem))
        return found

    def allergies(self) -> tuple[tuple[Allergy, ...], bool]:
        """(allergies, no known allergies)."""
        roll = self.rng.random()
        if roll < 0.10:
            return (), False  # never asked
        if roll < 0.62:
            return (), True
        count = 1 if self.chance(0.65) else 2 if self.chance(0.7) else 3
        chosen: dict[str, Allergy] = {}
        for _ in range(count * 2):
            allergen = self.allergens.pick(self.rng)
            if allergen.substance not in chosen:
                severity = allergen.severity if self.chance(0.9) else None
                chosen[allergen.substance] = _build(
                    Allergy,
                    substance=allergen.substance,
                    category=allergen.category,
                    reactions=allergen.reactions,
                    severity=severity,
                )
            if len(chosen) == count:
                break
        return tuple(chosen.values()), False

    def risk(
        self, age: int, chronic: list[data.ChronicCondition], last_day: date, set_by: int | None
    ) -> RiskTierAssignment | None:
        if set_by is None or not self.chance(0.85):
            return None
        keys = {condition.key for condition in chronic}
        fragile = "heart_failure" in keys or "dementia" in keys
        score = len(chronic) + (age >= 75) + 2 * fragile + self.chance(0.08) - self.chance(0.08)
        tier = (
            RiskTier.LOW
            if score <= 1
            else RiskTier.MODERATE
            if score <= 3
            else RiskTier.HIGH
            if score <= 5
            else RiskTier.COMPLEX
        )
        count = len(chronic)
        reasons = [f"{count} chronic condition{'s' if count != 1 else ''}"]
        if "heart_failure" in keys:
            reasons.append("heart failure")
        if "dementia" in keys:
            reasons.append("dementia")
        if age >= 85:
            reasons.append("age 85 or older")
        if self.chance(0.1):
            reasons.append("ED visit in the last 6 months")
        return _build(
            RiskTierAssignment,
            tier=tier,
            set_by=set_by,
            reason="; ".join(reasons).capitalize(),
            set_on=self.day_within(last_day, 365),
        )

    def programs(
        self, age: int, chronic: list[data.ChronicCondition], last_day: date, died: date | None
    ) -> tuple[ProgramEnrolment, ...]:
        enrolments = []
        count = len(chronic)
        program = None
        if count >= 2 and self.chance(0.55 if count >= 4 else 0.35):
            program = CareProgram.CCM
        elif count == 1 and chronic[0].high_risk and self.chance(0.15):
            program = CareProgram.PCM
        if program is not None:
            started = self.day_within(last_day, 3 * 365)
            ended = died
            if ended is None and self.chance(0.1):
                ended = self.day_within(last_day, (last_day - started).days)
            enrolments.append(
                _build(
                    ProgramEnrolment,
                    program=program,
                    started_on=started,
                    consent_date=self.day_within(started, 14),
                    ended_on=ended,
                )
            )
        if age >= 65 and self.chance(0.015):
            discharged = self.day_within(last_day, 60)
            ended = discharged + timedelta(days=29)  # the 30-day TCM service period
            enrolments.append(
                _build(
                    ProgramEnrolment,
                    program=CareProgram.TCM,
                    started_on=discharged,
                    consent_date=None,
                    ended_on=min(ended, died) if died else ended,
                )
            )
        return tuple(enrolments)

    def contact(
        self,
        age: int,
        origin: data.NameOrigin,
        family: str,
        native: bool,
        phones: PatientPhones,
        email: str | None,
        address: PostalAddress | None,
        last_day: date,
        chronic: list[data.ChronicCondition],
    ) -> ContactPreferences:
        chance = self.chance

        def consent(granted_chance: float) -> ContactConsent:
            return _build(
                ContactConsent, granted=chance(granted_chance), recorded_on=self.day_within(last_day, 5 * 365)
            )

        has_phone = phones.mobile is not None or phones.home is not None or phones.work is not None
        text = consent(0.8) if phones.mobile and chance(0.7) else None
        voicemail = consent(0.85) if has_phone and chance(0.75) else None
        email_consent = consent(0.85) if email and chance(0.8) else None

        options: list[tuple[ContactChannel, float]] = []
        if text is not None and text.granted:
            options.append((ContactChannel.TEXT, 5 if age < 65 else 2))
        if has_phone:
            options.append((ContactChannel.PHONE, 3 if age < 65 else 6))
        if email and (email_consent is None or email_consent.granted):
            options.append((ContactChannel.EMAIL, 2))
        if address is not None:
            options.append((ContactChannel.MAIL, 0.5))
        preferred = _Weighted(options).pick(self.rng) if options and chance(0.88) else None

        blocked: tuple[ContactChannel, ...] = ()
        reason = None
        if chance(0.03):
            candidates = [channel for channel in ContactChannel if channel is not preferred]
            blocked = (self.pick(candidates),)
            reason = self.pick(data.DO_NOT_CONTACT_REASONS)

        best_time = _BEST_TIMES.pick(self.rng) if chance(0.7) else None
        return _build(
            ContactPreferences,
            preferred_channel=preferred,
            best_time=best_time,
            best_time_note=self.pick(data.BEST_TIME_NOTES) if best_time and chance(0.1) else None,
            voicemail_consent=voicemail,
            text_consent=text,
            email_consent=email_consent,
            caregivers=self.caregivers(age, origin, family, native, last_day, chronic),
            do_not_contact=blocked,
            do_not_contact_reason=reason,
        )

    def caregivers(
        self,
        age: int,
        origin: data.NameOrigin,
        family: str,
        native: bool,
        last_day: date,
        chronic: list[data.ChronicCondition],
    ) -> tuple[Caregiver, ...]:
        chance = self.chance
        if not chance(
            0.08 if age < 50 else 0.15 if age < 65 else 0.3 if age < 75 else 0.5 if age < 85 else 0.75
        ):
            return ()
        count = 1 if chance(0.75) else 2
        dementia = any(condition.key == "dementia" for condition in chronic)
        found = []
        for position in range(count):
            relationships = _OLDER_CAREGIVERS if age >= 65 else _YOUNGER_CAREGIVERS
            relationship = relationships.pick(self.rng)
            if dementia and position == 0 and chance(0.2):
                relationship = CaregiverRelationship.LEGAL_GUARDIAN
            woman = chance(0.6)
            given = self.written(self.pick(origin.female if woman else origin.male), native)
            relative = relationship not in (
                CaregiverRelationship.FRIEND,
                CaregiverRelationship.PAID_CAREGIVER,
            )
            if relative and origin.family_female is None and chance(0.7):
                surname = family
            else:
                surname = self.written(
                    self.pick(origin.family_female if woman and origin.family_female else origin.family),
                    native,
                )
            name = (
                f"{surname}{'' if _is_cjk(surname) else ' '}{given}"
                if origin.family_first
                else f"{given} {surname}"
            )
            found.append(
                _build(
                    Caregiver,
                    name=name,
                    relationship=relationship,
                    phone=self.phone(self.pick(data.TOWNS[0].area_codes)) if chance(0.9) else None,
                    email=None,
                    is_emergency_contact=position == 0 and chance(0.8),
                    is_health_care_proxy=position == 0 and age >= 75 and chance(0.4),
                    sharing=self.sharing(last_day),
                )
            )
        return tuple(found)

    def sharing(self, last_day: date) -> SharingAuthorization | None:
        roll = self.rng.random()
        if roll >= 0.8:
            return None  # never asked
        given_on = self.day_within(last_day, 4 * 365)
        if roll >= 0.7:
            return _build(
                SharingAuthorization,
                authorized=False,
                authorized_on=given_on,
                scopes=(),
                expires_on=None,
                note=None,
            )
        if self.chance(0.3):
            scopes: tuple[SharingScope, ...] = (SharingScope.ALL_HEALTH_INFORMATION,)
        else:
            wanted = set(self.rng.sample(_SPECIFIC_SCOPES, 1 + int(self.rng.random() * 3)))
            scopes = tuple(scope for scope in _SPECIFIC_SCOPES if scope in wanted)
        return _build(
            SharingAuthorization,
            authorized=True,
            authorized_on=given_on,
            scopes=scopes,
            expires_on=None,
            note=None,
        )

    def care_team(
        self,
        age: int,
        chronic: list[data.ChronicCondition],
        pcp_id: int | None,
        coordinator_id: int | None,
        town: data.Town,
    ) -> tuple[CareTeamMember, ...]:
        team = []
        if pcp_id is not None:
            team.append(self.staff_member(pcp_id, CareTeamRole.PRIMARY_CARE_PROVIDER))
        if coordinator_id is not None:
            team.append(self.staff_member(coordinator_id, CareTeamRole.CARE_COORDINATOR))
        seen: list[str] = []
        for condition in chronic:
            specialty = condition.specialty
            if specialty is None or specialty in seen or not self.chance(condition.specialist_chance):
                continue
            seen.append(specialty)
            team.append(
                _build(
                    CareTeamMember,
                    kind=CareTeamMemberKind.EXTERNAL,
                    role=data.SPECIALTY_ROLES.get(specialty, CareTeamRole.SPECIALIST),
                    staff_id=None,
                    name=f"Dr. {self.pick(data.SPECIALIST_NAMES)}",
                    specialty=specialty,
                    organization=self.pick(data.SPECIALIST_PRACTICES[specialty]),
                    phone=self.phone(self.pick(town.area_codes)),
                )
            )
        if age >= 80 and len(chronic) >= 3 and self.chance(0.3):
            agency = self.pick(data.HOME_HEALTH_AGENCIES)
            team.append(
                _build(
                    CareTeamMember,
                    kind=CareTeamMemberKind.EXTERNAL,
                    role=CareTeamRole.HOME_HEALTH,
                    staff_id=None,
                    name=f"{agency} intake",
                    specialty=None,
                    organization=agency,
                    phone=self.phone(self.pick(town.area_codes)),
                )
            )
        return tuple(team)

    @staticmethod
    def staff_member(staff_id: int, role: CareTeamRole) -> CareTeamMember:
        return _build(
            CareTeamMember,
            kind=CareTeamMemberKind.STAFF,
            role=role,
            staff_id=staff_id,
            name=None,
            specialty=None,
            organization=None,
            phone=None,
        )


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in text)
