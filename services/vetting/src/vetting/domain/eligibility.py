"""Who may be appointed or employed (§§5–7), judged on one date: every requirement not met."""

from __future__ import annotations

from datetime import date

from vetting.domain import record
from vetting.domain.errors import RuleViolation
from vetting.domain.position import not_excluded_by_position
from vetting.domain.requirements import (
    Finding,
    lives_in_municipality,
    nordic_or_resident,
    of_age,
    personally_suitable,
)
from vetting.domain.vocabulary import Candidate, Role


def assess(role: Role, candidate: Candidate, *, on: date) -> list[Finding]:
    findings = [
        *of_age(candidate.birth_date, on=on),
        *nordic_or_resident(candidate.citizenship, candidate.resident_since, on=on),
        *personally_suitable(candidate.suitable),
    ]
    if role is Role.MEDIATOR:
        findings += lives_in_municipality(candidate.lives_in_municipality)
    findings += police_certificate_received(candidate.police_certificate_received_on)
    findings += [
        Finding(exclusion.legal_basis, exclusion.reason, exclusion.eligible_from)
        for exclusion in record.exclusions(candidate.record, on=on)
    ]
    if role is Role.MEDIATOR:  # §7 speaks of mediators only
        findings += not_excluded_by_position(candidate.position, on_leave=candidate.on_leave)
    return findings


def police_certificate_received(received_on: date | None) -> list[Finding]:
    """§6 third para: the extended police certificate is delivered on appointment or
    employment. Without it the record is unknown, not clean: no appointment until it is in."""
    if received_on is not None:
        return []
    return [
        Finding(
            "konfliktrådsloven §6 third para",
            "the extended police certificate (politiregisterloven §41) has not been received",
            None,
        )
    ]


def must_be_eligible(role: Role, candidate: Candidate, *, on: date) -> None:
    findings = assess(role, candidate, on=on)
    if findings:
        raise refusal(findings)


def refusal(findings: list[Finding]) -> RuleViolation:
    provisions = dict.fromkeys(finding.legal_basis for finding in findings)
    return RuleViolation(
        legal_basis="; ".join(provisions),
        reason="; ".join(f"{f.legal_basis}: {f.reason} ({until(f)})" for f in findings),
    )


def until(finding: Finding) -> str:
    if finding.eligible_from is None:
        return "not by waiting"
    return f"eligible from {finding.eligible_from.isoformat()}"
