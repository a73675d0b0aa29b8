"""What a guardian is told. Only the outcome, never what was said in a meeting (§9)."""

from __future__ import annotations

from notification.domain.commands import Agency

AGENCY_NAMES = {
    Agency.PROSECUTION: "the prosecution authority (påtalemyndigheten)",
    Agency.CORRECTIONAL_SERVICE: "the correctional service (kriminalomsorgen)",
}


def transfer_letter(case_id: str, office: str, agency: Agency) -> tuple[str, str]:
    subject = f"Konfliktrådet: case {case_id} has been transferred"
    body = (
        f"Dear guardian,\n\n"
        f"After repeated breaches of the youth plan, case {case_id} has been transferred to "
        f"{AGENCY_NAMES[agency]}, which decides what happens next.\n\n"
        f"Please contact the mediation service office ({office}) if you have questions.\n\n"
        f"Konfliktrådet\n"
    )
    return subject, body
