"""Who sees a referral case, asked in one place for reads and for commands alike: the office
check, and skjerming — a screened case only for the office leader and those it is granted to,
never for a colleague who is a party to it (konfliktrådsloven §14, forvaltningsloven §6)."""

from __future__ import annotations

from collections.abc import Callable

from konfliktrad_shared.auth import Principal
from referral.domain.model import ReferralCase

CASE_OFFICER, OFFICE_LEADER, SECRETARIAT = "case_officer", "office_leader", "secretariat"


def may_see(case: ReferralCase, principal: Principal) -> bool:
    """Skjerming, beside the office check."""
    leader = OFFICE_LEADER in principal.roles
    return case.screening.may_see(principal.subject, leader=leader)


def sees_case(principal: Principal) -> Callable[[ReferralCase], bool]:
    """The whole rule for `principal`: the case's office, then its screening."""

    def sees(case: ReferralCase) -> bool:
        return principal.sees(case.office) and may_see(case, principal)

    return sees
