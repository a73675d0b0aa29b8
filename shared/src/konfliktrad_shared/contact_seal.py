"""Contact details sealed by the referral service for the notification service alone.

Only these two services hold the contact keyring (`CONTACT_KEYS`), so a party's national id,
name and e-mail travel through Kafka as ciphertext: a dump of the log segments finds no
plaintext, and mediation or youth_plan cannot read what they do not need (§9). The seal is
bound to the case and the party, so a ciphertext copied onto another party fails to open.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.crypto import FieldCipher, Keyring
from konfliktrad_shared.field_keys import MissingKeys, kept_key
from konfliktrad_shared.local_paths import local_state_dir


class ContactDetails(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    national_id: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str = "nb"
    postal_address: str | None = None
    # Sealed with the address it protects: even the level tells a reader where to look.
    address_protection: AddressProtection = AddressProtection.UNGRADED


class ContactSeal:
    def __init__(self, keyring: Keyring) -> None:
        self._cipher = FieldCipher(keyring)

    @classmethod
    def from_setting(cls, contact_keys: str, *, embedded: bool) -> ContactSeal:
        """The configured keyring (`KONFLIKTRAD_CONTACT_KEYS`, the same in referral and
        notification); on the embedded default, the laptop's own key kept in the state dir."""
        if not contact_keys:
            if not embedded:
                raise MissingKeys("set KONFLIKTRAD_CONTACT_KEYS in referral and notification")
            contact_keys = f"local1:{kept_key(local_state_dir() / 'keys' / 'contacts.field')}"
        return cls(Keyring.from_setting(contact_keys))

    def seal(self, details: ContactDetails, *, case_id: str, party_id: str) -> str:
        return self._cipher.encrypt_bound(
            details.model_dump_json(exclude_none=True), binding=_binding(case_id, party_id)
        )

    def open(self, sealed: str, *, case_id: str, party_id: str) -> ContactDetails:
        plaintext = self._cipher.decrypt_bound(sealed, binding=_binding(case_id, party_id))
        return ContactDetails.model_validate_json(plaintext)


def _binding(case_id: str, party_id: str) -> bytes:
    # Length-prefixed so ("ab", "c") and ("a", "bc") never share a binding.
    return f"contact:{len(case_id)}:{case_id}:{party_id}".encode()
