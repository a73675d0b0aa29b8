"""§4: the committee's decision, four-year terms (none for leaders and employees), renewal,
expiry, and revocation when §§5–7 no longer hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from vetting.domain import events
from vetting.domain.commands import Revoke
from vetting.domain.errors import RuleViolation
from vetting.domain.model import Application, Appointment, Status
from vetting.domain.record import Reaction, RecordEntry, Term
from vetting.domain.revocation import basis_for
from vetting.domain.vocabulary import Candidate, Committee, Requirement, Role

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COMMITTEE = Committee("municipal rep", "police rep", "office leader")
CANDIDATE = Candidate(
    name="Synthetic Mediator",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_since=None,
    lives_in_municipality=True,
    suitable=True,
    police_certificate_received_on=date(2026, 2, 20),
)


def application(role: Role = Role.MEDIATOR, **changes: object) -> Application:
    return Application(
        "a-1",
        "oslo",
        role,
        "0301",
        False,
        replace(CANDIDATE, **changes),
        NOW,  # type: ignore[arg-type]
    )


def appoint(app: Application | None = None, now: datetime = NOW) -> Appointment:
    return Appointment.appoint(
        app or application(), mediator_id="m-1", committee=COMMITTEE, now=now
    )


def test_par4_fourth_para_term_is_four_years_from_the_appointment_date() -> None:
    appointment = appoint()
    assert (appointment.term_starts, appointment.term_ends) == (date(2026, 3, 2), date(2030, 3, 2))
    assert appointment.events == [
        events.MediatorAppointed(
            "m-1", "oslo", "0301", Role.MEDIATOR, date(2026, 3, 2), date(2030, 3, 2), NOW
        )
    ]


def test_par4_fourth_para_no_term_limit_for_the_leader_or_an_employee() -> None:
    assert appoint(application(Role.OFFICE_LEADER)).term_ends is None
    employee = replace(application(), employed=True)
    assert appoint(employee).term_ends is None


def test_par4_second_para_a_mediator_needs_the_full_committee() -> None:
    with pytest.raises(RuleViolation) as refused:
        Appointment.appoint(
            application(), mediator_id="m-1", committee=Committee("x", " ", "y"), now=NOW
        )
    assert refused.value.legal_basis == "konfliktrådsloven §4 second para"


def test_par5_age_is_judged_on_the_norwegian_date() -> None:
    late_evening_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Oslo
    appointment = appoint(application(birth_date=date(2008, 3, 2)), now=late_evening_utc)
    assert appointment.term_starts == date(2026, 3, 2)
    assert appointment.needs_case_assessment


def test_par4_fourth_para_renewal_follows_on_from_the_current_term() -> None:
    appointment = appoint()
    appointment.renew(application(), COMMITTEE, now=datetime(2030, 2, 1, tzinfo=UTC))
    assert (appointment.term_starts, appointment.term_ends) == (date(2030, 3, 2), date(2034, 3, 2))
    assert isinstance(appointment.events[-1], events.TermRenewed)


def test_par4_renewal_judges_par6_again_on_the_renewal_date() -> None:
    appointment = appoint()
    recent = RecordEntry(Reaction.YOUTH_SENTENCE, date(2029, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        appointment.renew(
            application(record=(recent,)), COMMITTEE, now=datetime(2030, 2, 1, tzinfo=UTC)
        )
    assert "§6 first para no. 7" in refused.value.legal_basis


def test_par4_fourth_para_the_term_expires_on_its_end_date_once() -> None:
    appointment = appoint()
    appointment.end_term(date(2030, 3, 2), now=datetime(2030, 3, 1, 12, tzinfo=UTC))
    assert appointment.status is Status.ACTIVE  # not yet due
    at_end = datetime(2030, 3, 1, 23, 0, tzinfo=UTC)  # midnight in Oslo
    appointment.end_term(date(2030, 3, 2), now=at_end)
    appointment.end_term(date(2030, 3, 2), now=at_end)
    assert appointment.status is Status.EXPIRED
    assert appointment.events[1:] == [
        events.TermExpired("m-1", "oslo", Role.MEDIATOR, date(2030, 3, 2))
    ]
    assert not appointment.active_on(date(2030, 3, 2))


def test_par4_a_renewed_terms_old_deadline_does_not_expire_it() -> None:
    appointment = appoint()
    appointment.renew(application(), COMMITTEE, now=datetime(2030, 2, 1, tzinfo=UTC))
    appointment.end_term(date(2030, 3, 2), now=datetime(2030, 3, 3, tzinfo=UTC))
    assert appointment.status is Status.ACTIVE


def test_par4_fifth_para_revocation_after_a_self_report_of_a_position() -> None:
    appointment = appoint()
    basis = basis_for(
        Revoke("m-1", Requirement.POSITION, self_reported=True, committee=COMMITTEE),
        application(),
        on=date(2027, 1, 1),
    )
    appointment.revoke(basis, COMMITTEE, now=datetime(2027, 1, 1, 10, tzinfo=UTC))
    assert appointment.status is Status.REVOKED
    assert (
        appointment.end_basis == "konfliktrådsloven §4 fifth para, konfliktrådsloven §7 first para"
    )
    revoked = appointment.events[-1]
    assert isinstance(revoked, events.Revoked) and revoked.effective_on == date(2027, 1, 1)
    with pytest.raises(RuleViolation):
        appointment.revoke(basis, COMMITTEE, now=datetime(2027, 1, 2, tzinfo=UTC))


def test_par4_fifth_para_a_new_record_entry_that_excludes_revokes_under_par6() -> None:
    app = application()
    entry = RecordEntry(Reaction.PRISON, date(2026, 12, 1), unconditional=Term(months=4))
    cmd = Revoke(
        "m-1", Requirement.RECORD, self_reported=False, committee=COMMITTEE, record_entry=entry
    )
    assert basis_for(cmd, app, on=date(2027, 1, 1)) == "konfliktrådsloven §6 first para no. 6"
    assert app.candidate.record == (entry,)  # kept on the application


def test_par4_fifth_para_an_entry_that_excludes_under_no_rule_revokes_nothing() -> None:
    old_fine = RecordEntry(Reaction.FINE, date(2020, 1, 1), punishable_over_one_year=True)
    cmd = Revoke(
        "m-1", Requirement.RECORD, self_reported=True, committee=COMMITTEE, record_entry=old_fine
    )
    with pytest.raises(RuleViolation) as refused:
        basis_for(cmd, application(), on=date(2027, 1, 1))
    assert refused.value.legal_basis == "konfliktrådsloven §6 first para"
