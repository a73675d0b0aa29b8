"""Coverage (konfliktrådsloven §3 second para): one or more mediators for every municipality an
office covers, unless the office has recorded an exception for special circumstances."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vetting.domain.errors import RuleViolation

LEGAL_BASIS = "konfliktrådsloven §3 second para"


@dataclass(frozen=True)
class MunicipalityCoverage:
    municipality: str
    active_mediators: int
    exception: str | None  # the recorded special circumstances, if any

    @property
    def gap(self) -> bool:
        return self.active_mediators == 0 and self.exception is None


@dataclass(frozen=True)
class CoverageReport:
    office: str
    municipalities: tuple[MunicipalityCoverage, ...]
    legal_basis: str = LEGAL_BASIS

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(m.municipality for m in self.municipalities if m.gap)


def report(
    office: str,
    covered: Iterable[str],
    mediator_municipalities: Iterable[str],
    exceptions: Mapping[str, str],
) -> CoverageReport:
    """`mediator_municipalities`: the municipality of each active mediator of the office."""
    counts: dict[str, int] = {}
    for municipality in mediator_municipalities:
        counts[municipality] = counts.get(municipality, 0) + 1
    return CoverageReport(
        office,
        tuple(
            MunicipalityCoverage(code, counts.get(code, 0), exceptions.get(code))
            for code in covered
        ),
    )


def must_be_covered_by(office: str, municipality: str, covered: Iterable[str]) -> None:
    if municipality not in set(covered):
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason=f"municipality {municipality} is not one the office {office} covers",
        )
