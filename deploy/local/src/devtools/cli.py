"""The contract between `python -m devtools` and the modules that add
subcommands to it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One `devtools <name>` subcommand.

    A module offering a subcommand exposes `COMMAND = Command(...)` and is
    listed once in `devtools.__main__.COMMANDS`.
    """

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
