from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from referral.domain.vocabulary import (
    CivilParty,
    CivilSubmitter,
    DecisionBasis,
    DecisionMaker,
    HarmKind,
    Offender,
    Reaction,
    Victim,
)

# The wiring (entry points' translators) builds parties as `commands.Guardian(...)`: kept
# reachable from here; the noun itself lives in the vocabulary.
from referral.domain.vocabulary import Guardian as Guardian


@dataclass(frozen=True)
class RegisterTransferredCase:
    sender_reference: str
    sender: str  # the unit as the message names it, e.g. "Oslo statsadvokatembeter"
    sender_principal: str  # the bus principal its topic proves sent it, e.g. "police-oslo"
    reaction: Reaction
    decision_basis: DecisionBasis
    office: str
    offence_date: date
    decided_on: date
    execution_months: int | None
    prison_would_clearly_exceed_two_years: bool
    offender: Offender
    decided_by: DecisionMaker | None = None  # None: the one the basis implies
    # The letter of straffeloven §53 no. 3 as the sender wrote it (any letter is read; the
    # reaction table refuses one the reaction does not rest on). None: the one it implies.
    condition: str | None = None
    execution_ends_on: date | None = None
    no_new_crimes_condition: bool = False
    compensation_condition: bool = False
    victims: tuple[Victim, ...] = ()
    repeated_or_serious_crime: bool | None = None  # as the court found it (youth sentence)


@dataclass(frozen=True)
class WithdrawTransferredCase:
    sender_reference: str
    sender_principal: str  # as proven by the topic the withdrawal came on
    withdrawn_on: date
    reason: str


@dataclass(frozen=True)
class RegisterCivilCase:
    sender_reference: str  # the submitter's own reference: sending it twice is one case
    submitted_by: CivilSubmitter
    submitter: str
    harm: HarmKind
    incident_date: date | None
    claimant: CivilParty
    respondents: tuple[CivilParty, ...]
    actor: str
    # The offices the filer works for: a retried filing gets its case back only if the filer
    # may see it (or filed it); anyone else's reference is refused without a word of it.
    caller_offices: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DecideSuitability:
    case_id: str
    suitable: bool
    reasons: str
    actor: str
    # §11 third para: the leader finds it unproblematic that the minor(s) filed as able to
    # contract alone act without their guardians.
    minor_may_act_alone: bool = False


@dataclass(frozen=True)
class PostponeCase:
    case_id: str
    expected_on: date
    reason: str
    actor: str


@dataclass(frozen=True)
class ProposeMove:
    case_id: str
    to_office: str
    parties_heard: bool
    reason: str
    actor: str
    prosecution_agrees: bool = False  # a transferred criminal case (§13 third para)


@dataclass(frozen=True)
class AnswerMove:
    case_id: str
    accept: bool
    reason: str
    actor: str


@dataclass(frozen=True)
class SecretariatDecidesMove:
    case_id: str
    move: bool
    reason: str
    actor: str


@dataclass(frozen=True)
class RecordExecutionEnd:
    """youth_plan set the end of the case's execution period (`ExecutionPeriodSet`)."""

    case_id: str
    ends_on: date | None


@dataclass(frozen=True)
class ScreenCase:
    """Skjerming: `parties` are the office's staff or mediators who are a party to the case
    (token subjects, mediator ids); `granted` who else may see it. By the office leader."""

    case_id: str
    parties: tuple[str, ...]
    granted: tuple[str, ...]
    actor: str
