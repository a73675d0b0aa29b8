"""Which office handles a case (konfliktrådsloven §13 first para, domain-rules §1).

The case is handled by the office for the municipality where the complainant or victim lives or
stays, looked up in the suite's one municipality → office table
(`konfliktrad_shared.reference.municipalities`, which says where it comes from). Jan Mayen
(2211) is not in it: see `JAN_MAYEN`.
"""

from __future__ import annotations

from konfliktrad_shared.reference.municipalities import (
    KOMMUNENUMMER,
    Municipality,
    municipalities,
)
from referral.domain.errors import RuleViolation

LEGAL_BASIS = "konfliktrådsloven §13 first para"

JAN_MAYEN = "2211"
"""Reading: §2 extends the Act to Svalbard alone ("Loven gjelder også for Svalbard"), and Jan
Mayen has no residents of its own: those stationed there are registered where they live on the
mainland, which is the municipality §13 first para asks for. So 2211 gets no office; the
refusal says so and what to give instead."""


def municipality(kommunenummer: str) -> Municipality:
    """The municipality with this four-digit code; `RuleViolation` (§13) when there is none."""
    if not KOMMUNENUMMER.fullmatch(kommunenummer):
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason=f"{kommunenummer!r} is not a kommunenummer: it must be four digits",
        )
    found = municipalities().get(kommunenummer)
    if kommunenummer == JAN_MAYEN and found is None:
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason="2211 is Jan Mayen: the Act extends to Svalbard, not to Jan Mayen "
            "(konfliktrådsloven §2), and those stationed there live where they are registered "
            "on the mainland: give that municipality",
        )
    if found is None:
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason=f"no municipality {kommunenummer}, so no office covers it",
        )
    return found


def office_for_municipality(kommunenummer: str) -> str:
    """The office for the municipality where the complainant or victim lives or stays."""
    return municipality(kommunenummer).office


def municipality_name(kommunenummer: str) -> str:
    return municipality(kommunenummer).name
