"""Which municipalities each office covers (§3), from the suite's one municipality table
(`konfliktrad_shared.reference.municipalities`)."""

from __future__ import annotations

from konfliktrad_shared.reference.municipalities import municipalities_by_office


def covered_by(office: str) -> tuple[str, ...]:
    return municipalities_by_office().get(office, ())
