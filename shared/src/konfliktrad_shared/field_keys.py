"""Field-encryption keys from settings; a local run makes and keeps its own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher, Keyring, generate_key
from konfliktrad_shared.local_paths import local_state_dir
from konfliktrad_shared.settings import ServiceSettings


class MissingKeys(RuntimeError):
    pass


def field_crypto(settings: ServiceSettings) -> tuple[FieldCipher, BlindIndexer]:
    """The configured keys; on the embedded (SQLite) default, keys generated once per laptop.

    A service on PostgreSQL is a shared deployment and must be given its keys: generating them
    there would silently make every instance's data unreadable to the others.
    """
    field_keys, index_key = settings.field_keys, settings.blind_index_key
    if not (field_keys and index_key):
        if not settings.uses_sqlite:
            raise MissingKeys(
                f"{settings.service_name}: set FIELD_KEYS and BLIND_INDEX_KEY (with the service's "
                "env prefix) when running on PostgreSQL"
            )
        key_dir = local_state_dir() / "keys"
        field_keys = field_keys or f"local1:{kept_key(key_dir / f'{settings.service_name}.field')}"
        index_key = index_key or kept_key(key_dir / f"{settings.service_name}.index")
    return FieldCipher(Keyring.from_setting(field_keys)), BlindIndexer.from_setting(index_key)


def kept_key(path: Path) -> str:
    """The key kept at `path`, made on first use. Replicas starting together on one state
    directory race to make it: each writes its own to a file of its own, and the first to link
    it into place wins; the others read the winner's (never a half-written file, and never
    a key that another replica already encrypted with, overwritten)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # 0600
        draft = Path(name)
        with os.fdopen(descriptor, "w") as written:
            written.write(generate_key())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another replica's key is the one kept
        finally:
            draft.unlink()
    return path.read_text().strip()
