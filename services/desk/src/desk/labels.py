"""Names for the services' codes (statuses, reactions, measures …), in bokmål and English.
A code without a name here is shown as the service sent it."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # roles
    "office_leader": ("Leder", "Office leader"),
    "case_officer": ("Saksbehandler", "Case officer"),
    "mediator": ("Megler", "Mediator"),
    "youth_coordinator": ("Ungdomskoordinator", "Youth coordinator"),
    "appointment_committee": ("Oppnevningsnemnd", "Appointment committee"),
    # case status (referral)
    "awaiting_suitability": ("Venter på egnethetsvurdering", "Awaiting suitability"),
    "registered": ("Registrert", "Registered"),
    "rejected": ("Avvist", "Rejected"),
    "withdrawn": ("Trukket", "Withdrawn"),
    # reactions
    "mediation": ("Megling", "Mediation"),
    "follow_up": ("Oppfølging i konfliktrådet", "Follow-up"),
    "youth_follow_up": ("Ungdomsoppfølging", "Youth follow-up"),
    "youth_sentence": ("Ungdomsstraff", "Youth sentence"),
    "civil": ("Sivil sak", "Civil case"),
    "criminal": ("Straffesak", "Criminal case"),
    # meetings
    "mediation_meeting": ("Meglingsmøte", "Mediation meeting"),
    "conference": ("Stormøte", "Conference"),
    "youth_conference": ("Ungdomsstormøte", "Youth conference"),
    "facilitated_meeting": ("Tilrettelagt møte", "Facilitated meeting"),
    "follow_up_meeting": ("Oppfølgingsmøte", "Follow-up meeting"),
    "other": ("Annet", "Other"),
    "in_person": ("Fysisk møte", "In person"),
    "phone": ("Telefon (indirekte)", "Phone (indirect)"),
    "video": ("Video (indirekte)", "Video (indirect)"),
    "shuttle": ("Skytteldiplomati (indirekte)", "Shuttle (indirect)"),
    # parties and participants
    "party": ("Part", "Party"),
    "offender": ("Domfelte / siktede", "Offender"),
    "victim": ("Fornærmede", "Victim"),
    "guardian": ("Verge", "Guardian"),
    "guardians": ("Verger", "Guardians"),
    "temporary_guardian": ("Midlertidig verge", "Temporary guardian"),
    "correctional_service": ("Kriminalomsorgen", "Correctional service"),
    "police": ("Politiet", "Police"),
    "victims_guardians": ("Fornærmedes verger", "Victim's guardians"),
    "defence_counsel": ("Forsvarer", "Defence counsel"),
    "victims_counsel": ("Bistandsadvokat", "Victim's counsel"),
    "school": ("Skole", "School"),
    "child_welfare": ("Barnevern", "Child welfare"),
    "health_services": ("Helsetjenesten", "Health services"),
    "support_person": ("Støtteperson", "Support person"),
    "interpreter": ("Tolk", "Interpreter"),
    "affected_person": ("Berørt person", "Affected person"),
    # performances
    "money": ("Penger", "Money"),
    "work": ("Arbeid", "Work"),
    "apology": ("Unnskyldning", "Apology"),
    # youth plan measures, §25 second para (a)–(h)
    "a_non_economic_compensation": ("a) Ikke-økonomisk gjenoppretting", "a) Non-economic redress"),
    "b_crime_prevention_programme": (
        "b) Kriminalitetsforebyggende program",
        "b) Crime prevention programme",
    ),
    "c_community_tasks": ("c) Oppgaver for samfunnet", "c) Community tasks"),
    "d_residence_work_education_rules": (
        "d) Bosted, arbeid, opplæring",
        "d) Residence, work, education",
    ),
    "e_report_to_police_or_correctional": (
        "e) Møteplikt hos politi eller kriminalomsorg",
        "e) Report to police or correctional",
    ),
    "f_abstain_and_drug_tests": ("f) Avhold og rusprøver", "f) Abstain and drug tests"),
    "g_curfew": ("g) Portforbud", "g) Curfew"),
    "h_no_contact": ("h) Kontaktforbud", "h) No contact"),
    # breach ladder
    "clear": ("Ingen brudd", "No breach"),
    "breach": ("Brudd", "Breach"),
    "summoned": ("Innkalt til bruddsamtale", "Summoned"),
    "no_show": ("Møtte ikke", "Did not attend"),
    "warned": ("Advart", "Warned"),
    "repeated_breach": ("Gjentatt brudd", "Repeated breach"),
    "transferred": ("Oversendt", "Transferred"),
    "breach_conversation": ("Bruddsamtale", "Breach conversation"),
    "new_conference_or_transfer": (
        "Nytt stormøte eller oversendelse",
        "New conference or transfer",
    ),
    "new_conference": ("Nytt stormøte", "New conference"),
    "record_breach": ("Registrere brudd", "Record a breach"),
    "summon": ("Innkalle til bruddsamtale", "Summon to a breach conversation"),
    "hold_conversation": ("Holde bruddsamtalen", "Hold the breach conversation"),
    "set_conditions": ("Fastsette vilkår", "Set conditions"),
    "interrupt_no_show_at_conversation": (
        "Avbryte gjennomføringen (møtte ikke til bruddsamtale)",
        "Interrupt execution (no-show at the conversation)",
    ),
    "interrupt_breach_after_conversation": (
        "Avbryte gjennomføringen (nytt brudd etter bruddsamtale)",
        "Interrupt execution (new breach after the conversation)",
    ),
    "interrupt_petition_sent_to_court": (
        "Avbryte gjennomføringen (begjæring sendt retten)",
        "Interrupt execution (petition sent to the court)",
    ),
    "interrupt_prosecution_resumed": (
        "Avbryte gjennomføringen (påtalemyndigheten gjenopptar)",
        "Interrupt execution (prosecution resumed)",
    ),
    "interrupt_prosecution_after_charge": (
        "Avbryte gjennomføringen (siktet for ny kriminalitet)",
        "Interrupt execution (charged with a new crime)",
    ),
    # deadlines
    "execution_ends": ("Gjennomføringstiden slutter", "Execution period ends"),
    "withdrawal_period_ends": ("Angrefristen løper ut", "Withdrawal period ends"),
    "performance_due": ("Ytelse forfaller", "Performance due"),
    "transfer": ("Oversendelse", "Transfer"),
    "youth_plan": ("Ungdomsplanen", "The youth plan"),
    "general_obligations": ("Alminnelige plikter", "General obligations"),
    "substance_ban": ("Rusforbud", "Substance ban"),
    "ladder_condition": ("Vilkår etter bruddtrappen", "A ladder condition"),
    # civil cases
    "harm_harm": ("Skade", "Harm"),
    "harm_loss": ("Tap", "Loss"),
    "harm_violation": ("Krenkelse", "Violation"),
    "harm_none": ("Annen konflikt", "Other conflict"),
    "submitted_by_party": ("En part", "A party"),
    "submitted_by_public_agency": ("Offentlig etat", "A public agency"),
    # vetting (§§5–7)
    "requirement_citizenship_or_residence": (
        "Statsborgerskap eller botid",
        "Citizenship or residence",
    ),
    "requirement_suitability": ("Egnethet", "Suitability"),
    "requirement_lives_in_municipality": ("Bor i kommunen", "Lives in the municipality"),
    "requirement_record": ("Politiattest", "Criminal record"),
    "requirement_position": ("Stilling", "Position"),
    "active": ("Aktiv", "Active"),
    "revoked": ("Tilbakekalt", "Revoked"),
    "expired": ("Utløpt", "Expired"),
    # the office's figures
    "outcome_fulfilled": ("Avtale oppfylt", "Agreement fulfilled"),
    "outcome_breached": ("Avtale brutt", "Agreement breached"),
    "outcome_no_agreement": ("Ingen avtale", "No agreement"),
    "outcome_not_held": ("Møte ikke holdt", "Meeting not held"),
    "outcome_rejected": ("Avvist ved mottak", "Rejected at intake"),
    "outcome_withdrawn": ("Trukket", "Withdrawn"),
    "outcome_completed": ("Gjennomført", "Completed"),
    "outcome_interrupted": ("Avbrutt", "Interrupted"),
    "outcome_transferred": ("Oversendt etter brudd", "Transferred after breaches"),
    "outcome_no_plan": ("Ingen enighet om plan", "No plan agreed"),
    "source_referral": ("Mottak", "Intake"),
    "source_mediation": ("Megling", "Mediation"),
    "source_youth_plan": ("Ungdomssaker", "Youth cases"),
}


def label(code: object, language: str) -> str:
    pair = LABELS.get(str(code))
    if pair is None:
        return str(code)
    return pair[1] if language == "en" else pair[0]
