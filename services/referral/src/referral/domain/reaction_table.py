"""Which reaction may come from which legal basis and which decision-maker (§1 second para).

One row per lawful combination, each citing its provision; anything not in the table is refused.
Penal Code numbers are those the Act cites (the 1902 Code); the 2005 Code's are: §53 no. 3 (h)
and (i) = §37 (i) and (j), §28 a = §48, §28 c = §52 a.
"""

from __future__ import annotations

from typing import NamedTuple

from referral.domain.errors import RuleViolation
from referral.domain.vocabulary import Condition, DecisionBasis, DecisionMaker, Reaction

Basis = DecisionBasis


class Row(NamedTuple):
    reaction: Reaction
    basis: DecisionBasis
    decided_by: DecisionMaker
    condition: Condition | None
    provision: str


STRPL_71A_1 = "straffeprosessloven §71a first para"
STRPL_71A_2 = "straffeprosessloven §71a second para"
WAIVER_H = "straffeprosessloven §69 third para, cf. straffeloven §53 no. 3 (h)"
WAIVER_I = "straffeprosessloven §69 third para, cf. straffeloven §53 no. 3 (i)"
SUSPENDED_H = "straffeloven §53 no. 3 (h)"
SUSPENDED_I = "straffeloven §53 no. 3 (i)"
COMMUNITY = "straffeloven §28 a, cf. straffegjennomføringsloven §53 first para (c)"
STRL_28C = "straffeloven §28 c (2005 Code §52 a)"

M, F = Reaction.MEDIATION, Reaction.FOLLOW_UP
YF, YS = Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE
P, C = DecisionMaker.PROSECUTION, DecisionMaker.COURT
H, I = Condition.H, Condition.I  # noqa: E741

REACTION_TABLE: tuple[Row, ...] = (
    # reaction, basis, decided by, letter of strl §53 no. 3, provision
    Row(M,  Basis.TRANSFER,           P, None, STRPL_71A_1),
    Row(M,  Basis.CONDITIONAL_WAIVER, P, H,    WAIVER_H),
    Row(M,  Basis.SUSPENDED_SENTENCE, C, H,    SUSPENDED_H),
    Row(M,  Basis.COMMUNITY_SENTENCE, C, None, COMMUNITY),
    Row(F,  Basis.TRANSFER,           P, None, STRPL_71A_1),  # follow-up: as mediation
    Row(F,  Basis.CONDITIONAL_WAIVER, P, H,    WAIVER_H),
    Row(F,  Basis.SUSPENDED_SENTENCE, C, H,    SUSPENDED_H),
    Row(F,  Basis.COMMUNITY_SENTENCE, C, None, COMMUNITY),
    Row(YF, Basis.TRANSFER,           P, None, STRPL_71A_2),
    Row(YF, Basis.CONDITIONAL_WAIVER, P, I,    WAIVER_I),
    Row(YF, Basis.SUSPENDED_SENTENCE, C, I,    SUSPENDED_I),
    Row(YS, Basis.YOUTH_SENTENCE,     C, None, STRL_28C),  # court only
)  # fmt: skip

DECIDED_BY = {row.basis: row.decided_by for row in REACTION_TABLE}
"""Each basis has one decision-maker: what a referral that does not say is taken to mean."""


def row_for(
    reaction: Reaction,
    basis: DecisionBasis,
    decided_by: DecisionMaker | None = None,
    condition: str | None = None,
) -> Row:
    """The row that allows this reaction, or a `RuleViolation` citing the provision refused.

    `condition` is the letter of straffeloven §53 no. 3 as the sender wrote it: any letter is
    read, and one the row does not rest on is refused under the row's provision (a sender
    counting by the 2005 Code would write (j) for youth follow-up; the answer says which)."""
    rows = [row for row in REACTION_TABLE if row.reaction is reaction]
    matching = [row for row in rows if row.basis is basis]
    if not matching:
        lawful = "; ".join(row.provision for row in rows)
        raise RuleViolation(
            legal_basis="konfliktrådsloven §1 second para",
            reason=f"{reaction.value} cannot be decided under {basis.value}, only under {lawful}",
        )
    (row,) = matching
    if decided_by is not None and decided_by is not row.decided_by:
        raise RuleViolation(
            legal_basis=row.provision,
            reason=f"{reaction.value} under {row.provision} is decided by the "
            f"{row.decided_by.value}, not the {decided_by.value}",
        )
    if condition is not None and condition != row.condition:
        needed = f"condition ({row.condition.value})" if row.condition else "no condition letter"
        raise RuleViolation(
            legal_basis=row.provision,
            reason=f"{reaction.value} under {row.provision} takes {needed} of straffeloven "
            f"§53 no. 3, not ({condition}); the letters are the 1902 Code's, which the Act "
            "cites: (h) and (i) there are (i) and (j) in the 2005 Code's §37",
        )
    return row
