"""Handling and moves of a registered case: postponement (§10 second para, §20 first para) and
moving a case between offices (§13) — the part of `ReferralCase` that follows intake."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from konfliktrad_shared.screening import SCREENING, Screening
from referral.domain import moves
from referral.domain.commands import (
    AnswerMove,
    PostponeCase,
    ProposeMove,
    ScreenCase,
    SecretariatDecidesMove,
)
from referral.domain.errors import RuleViolation
from referral.domain.events import CaseMoved, ReferralPostponed
from referral.domain.handling import POSTPONEMENT, check_postponement, days_since_receipt
from referral.domain.vocabulary import CaseKind, CaseStatus


class HandlingAndMoves:
    """Mixed into `ReferralCase`, whose dataclass fields these are."""

    case_id: str
    sender_reference: str
    office: str
    kind: CaseKind
    status: CaseStatus
    received_at: datetime
    postponed_until: date | None
    postponement_reason: str | None
    pending_move: moves.PendingMove | None
    events: list[Any]
    screening: Screening

    def days_since_receipt(self, today: date) -> int:
        return days_since_receipt(self.received_at, today)

    def postpone(self, cmd: PostponeCase, now: datetime) -> None:
        self._require_registered(POSTPONEMENT)
        check_postponement(
            criminal=self.kind is CaseKind.CRIMINAL,
            expected_on=cmd.expected_on,
            reason=cmd.reason,
            today=now.date(),
        )
        self.postponed_until, self.postponement_reason = cmd.expected_on, cmd.reason
        self._record(now, cmd.actor, "postponed", POSTPONEMENT, (cmd.expected_on.isoformat(),))
        self.events.append(
            ReferralPostponed(
                self.case_id, self.sender_reference, self.office, cmd.expected_on, POSTPONEMENT, now
            )
        )

    def propose_move(self, cmd: ProposeMove, now: datetime) -> None:
        civil = self.kind is CaseKind.CIVIL
        basis = moves.check_proposal(cmd, office=self.office, civil=civil)
        if self.pending_move is not None:
            raise RuleViolation(
                legal_basis=basis, reason=f"a move to {self.pending_move.to_office} is pending"
            )
        self._record(now, cmd.actor, "move_proposed", basis, (cmd.to_office, cmd.reason))
        if civil:
            stage = moves.MoveStage.AWAITING_RECEIVING_OFFICE
            self.pending_move = moves.PendingMove(cmd.to_office, stage, cmd.reason)
        else:
            self._move_to(cmd.to_office, basis, cmd.actor, now)

    def answer_move(self, cmd: AnswerMove, now: datetime) -> None:
        pending = self._pending(moves.MoveStage.AWAITING_RECEIVING_OFFICE)
        if cmd.accept:
            self._move_to(pending.to_office, moves.CIVIL_MOVE, cmd.actor, now)
            return
        self._record(now, cmd.actor, "move_disputed", moves.CIVIL_MOVE, (cmd.reason,))
        stage = moves.MoveStage.AWAITING_SECRETARIAT
        self.pending_move = moves.PendingMove(pending.to_office, stage, pending.reason)

    def secretariat_decides_move(self, cmd: SecretariatDecidesMove, now: datetime) -> None:
        pending = self._pending(moves.MoveStage.AWAITING_SECRETARIAT)
        if cmd.move:
            self._move_to(pending.to_office, moves.CIVIL_MOVE, cmd.actor, now)
        else:
            self.pending_move = None
            self._record(now, cmd.actor, "move_refused", moves.CIVIL_MOVE, (cmd.reason,))

    def screen(self, cmd: ScreenCase, now: datetime) -> None:
        """Skjerming: audited with how many, never who (that a colleague is a party is the
        very thing screened)."""
        self.screening = Screening.of(cmd.parties, cmd.granted)
        details = (f"{len(cmd.parties)} of the office a party", f"{len(cmd.granted)} granted")
        self._record(now, cmd.actor, "screened", SCREENING, details)

    def _pending(self, stage: moves.MoveStage) -> moves.PendingMove:
        if self.pending_move is None or self.pending_move.stage is not stage:
            raise RuleViolation(
                legal_basis=moves.CIVIL_MOVE, reason=f"no move is {stage.value.replace('_', ' ')}"
            )
        return self.pending_move

    def _move_to(self, to_office: str, basis: str, actor: str, now: datetime) -> None:
        from_office, self.office, self.pending_move = self.office, to_office, None
        self._record(now, actor, "moved", basis, (from_office, to_office))
        self.events.append(CaseMoved(self.case_id, from_office, to_office, basis, now))

    def _require_registered(self, basis: str) -> None:
        if self.status is not CaseStatus.REGISTERED:
            raise RuleViolation(legal_basis=basis, reason=f"the case is {self.status.value}")

    def _record(
        self,
        now: datetime,
        actor: str,
        action: str,
        legal_basis: str | None,
        details: tuple[str, ...] = (),
    ) -> None:
        raise NotImplementedError  # the case's audit trail: `ReferralCase._record`
