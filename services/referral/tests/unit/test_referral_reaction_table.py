"""§1 second para: which reaction from which legal basis and decision-maker, row by row."""

from __future__ import annotations

from itertools import product

import pytest
from referral_transfers import refusal, transfer

from referral.domain import intake_rules
from referral.domain.reaction_table import DECIDED_BY, REACTION_TABLE, Row
from referral.domain.vocabulary import Condition, DecisionBasis, DecisionMaker, Reaction

PAR1 = "konfliktrådsloven §1 second para"
ROWS = pytest.mark.parametrize(
    "row", REACTION_TABLE, ids=[f"{r.reaction.value}:{r.provision}" for r in REACTION_TABLE]
)
LAWFUL = {(row.reaction, row.basis) for row in REACTION_TABLE}
UNLAWFUL = [pair for pair in product(Reaction, DecisionBasis) if pair not in LAWFUL]


def other(maker: DecisionMaker) -> DecisionMaker:
    return DecisionMaker.COURT if maker is DecisionMaker.PROSECUTION else DecisionMaker.PROSECUTION


@ROWS
def test_par1_second_para_every_row_of_the_reaction_table_is_accepted(row: Row) -> None:
    stated = transfer(
        reaction=row.reaction,
        decision_basis=row.basis,
        decided_by=row.decided_by,
        condition=row.condition,
    )
    assert intake_rules.check_transfer(stated).row == row


@ROWS
def test_par1_second_para_decision_maker_and_letter_are_inferred_when_not_stated(row: Row) -> None:
    implied = transfer(reaction=row.reaction, decision_basis=row.basis)
    assert intake_rules.check_transfer(implied).row == row


@pytest.mark.parametrize(
    ("reaction", "basis"), UNLAWFUL, ids=[f"{r.value}:{b.value}" for r, b in UNLAWFUL]
)
def test_par1_second_para_a_basis_not_in_the_table_is_refused(
    reaction: Reaction, basis: DecisionBasis
) -> None:
    violation = refusal(transfer(reaction=reaction, decision_basis=basis))
    assert violation.legal_basis == PAR1
    assert reaction.value in violation.reason


@ROWS
def test_reaction_table_the_wrong_decision_maker_is_refused_under_the_rows_provision(
    row: Row,
) -> None:
    command = transfer(
        reaction=row.reaction, decision_basis=row.basis, decided_by=other(row.decided_by)
    )
    violation = refusal(command)
    assert violation.legal_basis == row.provision
    assert row.decided_by.value in violation.reason


@ROWS
def test_strl_53_no3_the_wrong_condition_letter_is_refused_under_the_rows_provision(
    row: Row,
) -> None:
    wrong = Condition.I if row.condition is Condition.H else Condition.H
    command = transfer(reaction=row.reaction, decision_basis=row.basis, condition=wrong)
    assert refusal(command).legal_basis == row.provision


def test_reaction_table_has_the_twelve_rows_of_domain_rules_section_1() -> None:
    counts = {
        reaction: sum(row.reaction is reaction for row in REACTION_TABLE) for reaction in Reaction
    }
    assert counts == {
        Reaction.MEDIATION: 4,
        Reaction.FOLLOW_UP: 4,
        Reaction.YOUTH_FOLLOW_UP: 3,
        Reaction.YOUTH_SENTENCE: 1,
    }


def test_reaction_table_each_basis_has_one_decision_maker() -> None:
    assert DECIDED_BY == {
        DecisionBasis.TRANSFER: DecisionMaker.PROSECUTION,
        DecisionBasis.CONDITIONAL_WAIVER: DecisionMaker.PROSECUTION,
        DecisionBasis.SUSPENDED_SENTENCE: DecisionMaker.COURT,
        DecisionBasis.COMMUNITY_SENTENCE: DecisionMaker.COURT,
        DecisionBasis.YOUTH_SENTENCE: DecisionMaker.COURT,
    }


# Named examples, one per provision, for a reader looking for the paragraph.


def test_strpl_71a_first_para_prosecution_transfers_to_mediation() -> None:
    row = intake_rules.check_transfer(transfer(reaction=Reaction.MEDIATION)).row
    assert row.provision == "straffeprosessloven §71a first para"


def test_strpl_71a_second_para_prosecution_transfers_to_youth_follow_up() -> None:
    row = intake_rules.check_transfer(transfer()).row
    assert row.provision == "straffeprosessloven §71a second para"


def test_strpl_69_third_para_strl_53_no3_h_waiver_for_follow_up_but_not_letter_i() -> None:
    waiver = {"reaction": Reaction.FOLLOW_UP, "decision_basis": DecisionBasis.CONDITIONAL_WAIVER}
    row = intake_rules.check_transfer(transfer(**waiver, condition=Condition.H)).row
    assert row.provision == "straffeprosessloven §69 third para, cf. straffeloven §53 no. 3 (h)"
    assert refusal(transfer(**waiver, condition=Condition.I)).legal_basis == row.provision


def test_strpl_69_third_para_strl_53_no3_i_waiver_for_youth_follow_up() -> None:
    command = transfer(decision_basis=DecisionBasis.CONDITIONAL_WAIVER, condition=Condition.I)
    row = intake_rules.check_transfer(command).row
    assert row.provision == "straffeprosessloven §69 third para, cf. straffeloven §53 no. 3 (i)"


def test_strl_53_no3_i_a_suspended_sentence_is_the_courts_not_the_prosecutions() -> None:
    command = transfer(
        decision_basis=DecisionBasis.SUSPENDED_SENTENCE, decided_by=DecisionMaker.PROSECUTION
    )
    assert refusal(command).legal_basis == "straffeloven §53 no. 3 (i)"


def test_strl_28a_mediation_as_part_of_a_community_sentence_from_a_court() -> None:
    command = transfer(reaction=Reaction.MEDIATION, decision_basis=DecisionBasis.COMMUNITY_SENTENCE)
    assert intake_rules.check_transfer(command).row.decided_by is DecisionMaker.COURT


def test_strl_28c_youth_sentence_only_from_a_court() -> None:
    youth_sentence = {"reaction": Reaction.YOUTH_SENTENCE}
    assert refusal(transfer(**youth_sentence)).legal_basis == PAR1  # under strpl §71a
    by_prosecution = transfer(
        **youth_sentence,
        decision_basis=DecisionBasis.YOUTH_SENTENCE,
        decided_by=DecisionMaker.PROSECUTION,
    )
    assert refusal(by_prosecution).legal_basis == "straffeloven §28 c (2005 Code §52 a)"


def test_strl_28c_youth_sentence_takes_no_condition_letter() -> None:
    command = transfer(
        reaction=Reaction.YOUTH_SENTENCE,
        decision_basis=DecisionBasis.YOUTH_SENTENCE,
        condition=Condition.I,
    )
    assert refusal(command).legal_basis == "straffeloven §28 c (2005 Code §52 a)"
