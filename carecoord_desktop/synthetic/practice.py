"""A deterministic synthetic practice: realistic patients for the demo, the tests and the performance harness.

The output is a function of ``(n, seed, staff, as_of)`` only. Each feature of each patient draws from its own
stream (``streams.feature_random``), so the first k patients of a run of n are the k patients of a run of k,
and a feature added later (medications, referrals) leaves every existing feature of every patient as it was
(``PracticeGenerator.use``). 100,000 patients must generate in seconds, so records are assembled without
validation (see ``dice.build``); they are built to pass validation exactly as they are, which ``validate=True``
and the tests check.

Identity, contact details and caregivers are made here; the clinical side in ``clinical``.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Final

from carecoord_desktop.domain.clinical_summary import ClinicalSummary, RiskTier
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
    GenderIdentity,
    Insurance,
    Patient,
    PatientStatus,
    SexAtBirth,
)
from carecoord_desktop.domain.validation import PatientRules
from carecoord_desktop.synthetic import data
from carecoord_desktop.synthetic.clinical import DAYS_PER_YEAR, ClinicalDice
from carecoord_desktop.synthetic.dice import Weighted, build
from carecoord_desktop.synthetic.streams import feature_random, stream_key

_MRN_FIRST: Final = 10_000_000
_MRN_SPACE: Final = 90_000_000  # eight-digit MRNs


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
    today = as_of if as_of is not None else date.today()
    return PracticeGenerator(seed, staff, today).patients(n, validate=validate)


def validated(patient: Patient, rules: PatientRules | None = None) -> Patient:
    """The same record through full validation; raises ValidationError if the generator made a bad one."""
    context = (rules or PatientRules()).context()
    return Patient.model_validate(patient.model_dump(), context=context)


# ---------------------------------------------------------------------------------------------- names

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
_AGE_BANDS: Final = Weighted(
    [((18, 34), 17), ((35, 49), 19), ((50, 64), 27), ((65, 74), 19), ((75, 84), 12), ((85, 100), 6)]
)
_BEST_TIMES: Final = Weighted(
    [(BestTime.MORNING, 4), (BestTime.AFTERNOON, 4), (BestTime.EVENING, 2), (BestTime.ANY, 3)]
)
_OLDER_CAREGIVERS: Final = Weighted(
    [
        (CaregiverRelationship.CHILD, 50),
        (CaregiverRelationship.SPOUSE, 30),
        (CaregiverRelationship.GRANDCHILD, 5),
        (CaregiverRelationship.SIBLING, 5),
        (CaregiverRelationship.PAID_CAREGIVER, 5),
        (CaregiverRelationship.FRIEND, 5),
    ]
)
_YOUNGER_CAREGIVERS: Final = Weighted(
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


class PracticeGenerator(ClinicalDice):
    """Makes patient ``index`` of the practice of ``seed``, one feature stream at a time.

    A new feature (say medications) starts with ``self.use("medications", index)`` and draws only from
    that stream; the features already here each start their own stream the same way, whatever came before.
    """

    def __init__(self, seed: int, staff: SyntheticStaff, as_of: date) -> None:
        rng = feature_random(seed, "mrn")
        super().__init__(rng)
        self.seed = seed
        self.staff = staff
        self.as_of = as_of
        self.as_of_day = as_of.toordinal()
        # MRNs: an affine permutation of the eight-digit range, unique for every index and independent of n.
        multiplier = rng.randrange(_MRN_SPACE // 3, _MRN_SPACE)
        while math.gcd(multiplier, _MRN_SPACE) != 1:
            multiplier += 1
        self.mrn_multiplier = multiplier
        self.mrn_offset = rng.randrange(_MRN_SPACE)
        self.origins = Weighted([(origin, origin.weight) for origin in data.NAME_ORIGINS])
        self.towns = Weighted([(town, town.weight) for town in data.TOWNS])

    def patients(self, n: int, *, validate: bool = False) -> Iterator[Patient]:
        """Patients ``0 .. n-1``; ``validate=True`` runs full pydantic validation on each (several times slower)."""
        if not 0 <= n <= _MRN_SPACE:
            raise ValueError(f"n must be between 0 and {_MRN_SPACE}")
        rules = PatientRules(today=self.as_of)
        for index in range(n):
            patient = self.patient(index)
            yield validated(patient, rules) if validate else patient

    def use(self, feature: str, index: int) -> None:
        """Draw what follows from the stream of ``feature`` of patient ``index``."""
        self.rng.seed(stream_key(self.seed, feature, index))

    def patient(self, index: int) -> Patient:
        mrn = str(_MRN_FIRST + (self.mrn_multiplier * index + self.mrn_offset) % _MRN_SPACE)

        self.use("identity", index)
        rng, chance = self.rng, self.chance
        roll = rng.random()
        sex = SexAtBirth.FEMALE if roll < 0.54 else SexAtBirth.MALE if roll < 0.998 else SexAtBirth.UNKNOWN
        female = sex is SexAtBirth.FEMALE or (sex is SexAtBirth.UNKNOWN and chance(0.5))
        origin = self.origins.pick(rng)
        given, family, preferred, native, roman = self.name(origin, female)
        gender, pronouns = self.gender(female, sex)

        low, high = _AGE_BANDS.pick(rng)
        years = low + 0.01 + rng.random() * (high - low + 0.98)
        born = date.fromordinal(self.as_of_day - int(years * DAYS_PER_YEAR))
        age = int(years)

        status, died = self.status(age)
        last_day = died or self.as_of  # no event is recorded after death
        language, interpreter = self.language(origin, native)
        town = self.towns.pick(rng)
        phones = self.phones(age, town)
        email = self.email(age, roman)
        address = self.address(town) if chance(0.97) else None
        pcp_id, coordinator_id = self.assignment()
        insurance = self.insurance(age)

        self.use("clinical", index)
        problems = self.problems(age, female, last_day)
        chronic = [condition for condition, problem in problems if problem.status.is_current]
        risk = self.risk(age, chronic, last_day, coordinator_id or pcp_id)
        programs = self.programs(age, chronic, last_day, died)
        managed = bool(programs) or (risk is not None and risk.tier is not RiskTier.LOW)
        care_team = self.care_team(age, chronic, pcp_id, coordinator_id if managed else None, town)

        self.use("contact", index)
        contact = self.contact(age, origin, family, native, phones, email, address, last_day, chronic)

        self.use("allergies", index)
        allergies, no_known_allergies = self.allergies()

        return build(
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
            insurance=insurance,
            programs=programs,
            status=status,
            date_of_death=died,
            contact=contact,
            care_team=care_team,
            clinical=build(
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
        return build(PatientPhones, mobile=mobile, home=home, work=work)

    def email(self, age: int, roman: tuple[str, str]) -> str | None:
        if not self.chance(0.8 if age < 40 else 0.65 if age < 65 else 0.4 if age < 85 else 0.15):
            return None
        local = f"{_email_part(roman[0])}.{_email_part(roman[1])}{10 + int(self.rng.random() * 90)}"
        return f"{local}@{self.pick(('example.com', 'example.org', 'example.net'))}"

    def address(self, town: data.Town) -> PostalAddress:
        rng = self.rng
        number = 1 + int(rng.random() * rng.random() * 1500)
        line2 = f"Apt {1 + int(rng.random() * 30)}{self.pick('ABCD')}" if self.chance(0.25) else None
        return build(
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
                return build(Insurance, payer_name=data.MEDICARE, member_id=self.mbi(), group_number=None)
            if roll < 0.93:
                return self.commercial(self.pick(data.MEDICARE_ADVANTAGE_PAYERS))
            return None
        if roll < 0.62:
            return self.commercial(self.pick(data.COMMERCIAL_PAYERS))
        if roll < 0.88:
            member_id = "1000" + "".join(self.pick(_DIGITS) for _ in range(8))
            return build(Insurance, payer_name=data.MEDICAID, member_id=member_id, group_number=None)
        return None

    def commercial(self, payer: str) -> Insurance:
        prefix = "".join(self.pick(_MBI_LETTERS) for _ in range(3))
        member_id = prefix + "".join(self.pick(_DIGITS) for _ in range(9))
        group = f"G{10000 + int(self.rng.random() * 90000)}" if self.chance(0.7) else None
        return build(Insurance, payer_name=payer, member_id=member_id, group_number=group)

    def mbi(self) -> str:
        """A well-formed, made-up Medicare Beneficiary Identifier, e.g. 1EG4-TE5-MK73."""
        pick = self.pick
        both = _MBI_LETTERS + _DIGITS
        chars = [
            pick("123456789"), pick(_MBI_LETTERS), pick(both), pick(_DIGITS), pick(_MBI_LETTERS), pick(both),
            pick(_DIGITS), pick(_MBI_LETTERS), pick(_MBI_LETTERS), pick(_DIGITS), pick(_DIGITS),
        ]  # fmt: skip
        return "".join(chars[:4]) + "-" + "".join(chars[4:7]) + "-" + "".join(chars[7:])

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
            return build(
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
        preferred = Weighted(options).pick(self.rng) if options and chance(0.88) else None

        blocked: tuple[ContactChannel, ...] = ()
        reason = None
        if chance(0.03):
            candidates = [channel for channel in ContactChannel if channel is not preferred]
            blocked = (self.pick(candidates),)
            reason = self.pick(data.DO_NOT_CONTACT_REASONS)

        best_time = _BEST_TIMES.pick(self.rng) if chance(0.7) else None
        return build(
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
                build(
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
            return build(
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
        return build(
            SharingAuthorization,
            authorized=True,
            authorized_on=given_on,
            scopes=scopes,
            expires_on=None,
            note=None,
        )


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in text)
