"""The clinical side of a synthetic patient: problem list, allergies, risk tier, programs, care team.

Prevalence by age band follows the usual shape of an adult primary-care panel (hypertension in most people over
75, heart failure and dementia rare before 60), so condition counts, risk tiers and CCM enrolment correlate with
age the way they do in a real panel.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from carecoord_desktop.domain.clinical_summary import (
    Allergy,
    CareTeamMember,
    CareTeamMemberKind,
    CareTeamRole,
    CodeSystem,
    Problem,
    ProblemStatus,
    RiskTier,
    RiskTierAssignment,
)
from carecoord_desktop.domain.patients import CareProgram, ProgramEnrolment
from carecoord_desktop.synthetic import data
from carecoord_desktop.synthetic.dice import Dice, Weighted, build

DAYS_PER_YEAR: Final = 365.2425


class ClinicalDice(Dice):
    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.allergens = Weighted([(allergen, allergen.weight) for allergen in data.ALLERGENS])

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
                onset = date.fromordinal(last_day.toordinal() - int(years_back * DAYS_PER_YEAR))
            status = ProblemStatus.ACTIVE
            if condition.key in ("depression", "anxiety") and rng.random() < 0.25:
                status = ProblemStatus.REMISSION
            elif condition.key == "asthma" and rng.random() < 0.1:
                status = ProblemStatus.INACTIVE
            problem = build(
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
                chosen[allergen.substance] = build(
                    Allergy,
                    substance=allergen.substance,
                    category=allergen.category,
                    reactions=allergen.reactions,
                    severity=severity,
                    code_system=None,
                    code=None,
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
        return build(
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
                build(
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
                build(
                    ProgramEnrolment,
                    program=CareProgram.TCM,
                    started_on=discharged,
                    consent_date=None,
                    ended_on=min(ended, died) if died else ended,
                )
            )
        return tuple(enrolments)

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
                build(
                    CareTeamMember,
                    kind=CareTeamMemberKind.EXTERNAL,
                    role=data.SPECIALTY_ROLES.get(specialty, CareTeamRole.SPECIALIST),
                    staff_id=None,
                    name=f"Dr {self.pick(data.SPECIALIST_NAMES)}",  # "Dr" as staff titles are written
                    specialty=specialty,
                    organization=self.pick(data.SPECIALIST_PRACTICES[specialty]),
                    phone=self.phone(self.pick(town.area_codes)),
                )
            )
        if age >= 80 and len(chronic) >= 3 and self.chance(0.3):
            agency = self.pick(data.HOME_HEALTH_AGENCIES)
            team.append(
                build(
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
        return build(
            CareTeamMember,
            kind=CareTeamMemberKind.STAFF,
            role=role,
            staff_id=staff_id,
            name=None,
            specialty=None,
            organization=None,
            phone=None,
        )
