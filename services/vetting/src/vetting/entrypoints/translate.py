"""Request bodies → domain values (the API module stays a list of routes)."""

from __future__ import annotations

from vetting.domain.record import RecordEntry, Term
from vetting.domain.vocabulary import Candidate, Committee
from vetting.entrypoints.schemas import CandidateIn, CommitteeIn, RecordEntryIn


def record_entry(body: RecordEntryIn) -> RecordEntry:
    return RecordEntry(
        reaction=body.reaction,
        final_on=body.final_on,
        child_sexual_abuse=body.child_sexual_abuse,
        punishable_over_one_year=body.punishable_over_one_year,
        unconditional=Term(**body.unconditional.model_dump()),
        suspended=Term(**body.suspended.model_dump()),
    )


def candidate(body: CandidateIn) -> Candidate:
    facts = body.model_dump(exclude={"record"})  # police_certificate_received_on included
    return Candidate(**facts, record=tuple(record_entry(entry) for entry in body.record))


def committee(body: CommitteeIn) -> Committee:
    return Committee(**body.model_dump())
