"""`devtools bus`: everything rendered from the table of bus rights — the Strimzi users and
topics, the rights table in docs/architecture.md, and the Helm chart's generated values."""

from __future__ import annotations

import argparse

from devtools import bus_manifests, chart_values
from devtools._paths import repo_root
from devtools.cli import Command


def _run(_: argparse.Namespace) -> int:
    for path in bus_manifests.render():
        print(f"wrote {path}")
    architecture = repo_root() / "docs" / "architecture.md"
    architecture.write_text(
        bus_manifests.docs_with_rights_table(architecture.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    print(f"updated the rights table in {architecture}")
    # The Helm chart carries the same manifests and the consumers' groups and topics.
    for path in chart_values.render():
        print(f"wrote {path}")
    return 0


COMMAND = Command(
    help="render the Strimzi users/topics and the docs' rights table from the bus-rights table",
    configure=lambda parser: None,
    run=_run,
)
