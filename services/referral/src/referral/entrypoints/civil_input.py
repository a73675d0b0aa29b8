"""A civil filing over HTTP → the command; national ids checked like those on Kafka."""

from __future__ import annotations

from fastapi import HTTPException

from konfliktrad_shared.national_id import parse_national_id
from referral.domain import commands, vocabulary
from referral.entrypoints.schemas import CivilCaseIn, CivilPartyIn


def to_command(
    body: CivilCaseIn, actor: str, allow_synthetic: bool, caller_offices: frozenset[str]
) -> commands.RegisterCivilCase:
    return commands.RegisterCivilCase(
        sender_reference=body.sender_reference,
        submitted_by=body.submitted_by,
        submitter=body.submitter,
        harm=body.harm,
        incident_date=body.incident_date,
        claimant=_party(body.claimant, "claimant", allow_synthetic),
        respondents=tuple(
            _party(party, f"respondents[{n}]", allow_synthetic)
            for n, party in enumerate(body.respondents)
        ),
        actor=actor,
        caller_offices=caller_offices,
    )


def _party(party: CivilPartyIn, field: str, allow_synthetic: bool) -> vocabulary.CivilParty:
    birth_date = party.birth_date
    if party.national_id is not None:
        national_id = parse_national_id(party.national_id, allow_synthetic=True)
        if national_id.synthetic is not None and not allow_synthetic:
            raise HTTPException(422, f"{field}.national_id: synthetic test number")
        birth_date = birth_date or national_id.birth_date
    return vocabulary.CivilParty(
        name=party.name,
        municipality=party.municipality,
        consents=party.consents,
        national_id=party.national_id,
        birth_date=birth_date,
        email=str(party.email) if party.email else None,
        guardians=tuple(
            vocabulary.Guardian(
                g.name,
                str(g.email),
                g.consents,
                g.unable_to_act,
                postal_address=g.postal_address,
                address_protection=g.address_protection,
            )
            for g in party.guardians
        ),
        may_act_alone=party.may_act_alone,
        postal_address=party.postal_address,
        address_protection=party.address_protection,
    )
