"""Only the authority that sent a case may correct or withdraw it.

The office handles a criminal case because the prosecution or a court decided to send it
(konfliktrådsloven §20 first para: cases that "etter avgjørelse ved påtalemyndigheten eller
domstolen er oversendt"). A correction changes what that decision says and a withdrawal
revokes it: both belong to the authority that decided, which is the sender the case was
received from. Nothing in the Act or in straffeprosessloven makes any other authority a
sender to the office: a superior prosecution authority may instruct the one below it or
reverse its decision (straffeprosessloven chapter 6), but that decision reaches the office
through the authority that sent the case, and a court's judgment is never the prosecution's
to change, nor the prosecution's transfer a court's.

The sender is the bus principal whose own topic the message came on (see
`konfliktrad_shared.bus_rights`), never the `sender` or `ce_source` the message names. A
sender reference belongs to the case that first used it: another sender's message with the
same reference is refused, not taken as a new case (see docs/integrating-referrals.md).
"""

from __future__ import annotations

from referral.domain.errors import NotCaseSender

CASE_SENDER = "konfliktrådsloven §20 first para"


def check_case_sender(case_id: str, case_sender: str | None, attempted_by: str) -> None:
    """Refuse `attempted_by` unless it is the case's sender. A case with no proven sender
    (filed over HTTP, or received before senders were proven) cannot be changed by any."""
    if case_sender is None or case_sender != attempted_by:
        raise NotCaseSender(case_id, case_sender, attempted_by)
