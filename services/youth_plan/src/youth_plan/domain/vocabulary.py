"""Youth plan's nouns: the reactions, who takes part, the plan's measures and conditions, the
breaches and the grounds for interrupting execution. Commands, events, rules, schemas and entry
points import them from here, not from each other."""

from __future__ import annotations

from enum import StrEnum


class YouthReaction(StrEnum):
    YOUTH_FOLLOW_UP = "youth_follow_up"
    YOUTH_SENTENCE = "youth_sentence"
    FOLLOW_UP = "follow_up"  # follow-up in the office (§36): plan, office follow-up, §33 breaches


class BreachedObligation(StrEnum):
    YOUTH_PLAN = "youth_plan"  # §25
    GENERAL_OBLIGATIONS = "general_obligations"  # §27
    SUBSTANCE_BAN = "substance_ban"  # §28
    LADDER_CONDITION = "ladder_condition"  # §31 / §33 second para (a)–(d)


class Participant(StrEnum):
    """Who may sit at a youth conference or follow-up team, or give a consent (§§24, 26)."""

    OFFENDER = "offender"
    GUARDIANS = "guardians"
    TEMPORARY_GUARDIAN = "temporary_guardian"
    CORRECTIONAL_SERVICE = "correctional_service"
    POLICE = "police"
    VICTIM = "victim"
    VICTIMS_GUARDIANS = "victims_guardians"
    DEFENCE_COUNSEL = "defence_counsel"
    VICTIMS_COUNSEL = "victims_counsel"
    SCHOOL = "school"
    CHILD_WELFARE = "child_welfare"
    HEALTH_SERVICES = "health_services"
    OTHER = "other"


class Measure(StrEnum):
    """§25 first para (a)–(h); institution and treatment: second para, youth sentence only."""

    NON_ECONOMIC_COMPENSATION = "a_non_economic_compensation"
    CRIME_PREVENTION_PROGRAMME = "b_crime_prevention_programme"
    COMMUNITY_TASKS = "c_community_tasks"
    RESIDENCE_WORK_EDUCATION_RULES = "d_residence_work_education_rules"
    REPORT_TO_POLICE_OR_CORRECTIONAL = "e_report_to_police_or_correctional"
    ABSTAIN_AND_DRUG_TESTS = "f_abstain_and_drug_tests"
    CURFEW = "g_curfew"
    NO_CONTACT = "h_no_contact"
    INSTITUTION = "institution"
    TREATMENT = "treatment"


class Condition(StrEnum):
    """§31 / §33 second para (a)–(d)."""

    RESIDENCE = "a_residence"
    NO_CONTACT = "b_no_contact"
    NO_ALCOHOL_OR_DRUGS = "c_no_alcohol_or_drugs"
    REPORT_TO_POLICE_OR_CORRECTIONAL = "d_report_to_police_or_correctional"


class RepeatedBreachAction(StrEnum):
    NEW_CONFERENCE = "new_conference"
    TRANSFER = "transfer"


class InterruptionGrounds(StrEnum):
    NO_SHOW_AT_CONVERSATION = "no_show_at_conversation"  # §31 / §33 fourth para, 1st sentence
    BREACH_AFTER_CONVERSATION = "breach_after_conversation"  # fourth para, 2nd sentence
    PETITION_SENT_TO_COURT = "petition_sent_to_court"  # §31 third, §32 first, §33/§34
    PROSECUTION_RESUMED = "prosecution_resumed"  # §33 third para, §34 first para
    PROSECUTION_AFTER_CHARGE = "prosecution_after_charge"  # §32 / §34 second para


class NewCrimeStage(StrEnum):
    CHARGED = "charged"
    CONVICTED = "convicted"
