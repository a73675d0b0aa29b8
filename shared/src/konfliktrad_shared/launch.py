"""The console scripts' way in: a service's modules loaded with the cyclic collector paused.

Loading a service makes some 140k objects that live as long as the process. While they
loaded, the collector ran over the growing heap again and again (two full collections and
many young ones: ~150 ms of a start's CPU measured) and found a few dozen objects of garbage.
Paused, and frozen once loaded (`gc.freeze`: out of every later collection, as the runtime
freezes what its start made), they are never walked; the collector runs as usual afterwards.

Only the standard library is imported here, and a console script names a service's light
`start` module: the pause must begin before the heavy imports do.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable


def launcher(entry_point: str) -> Callable[[], None]:
    """A console script running `module:function` (a service's `run`), loaded as above."""
    module, function = entry_point.split(":")

    def launch() -> None:
        gc.disable()
        try:
            run: Callable[[], None] = getattr(importlib.import_module(module), function)
            gc.freeze()
        finally:
            gc.enable()
        run()

    launch.__doc__ = f"Runs {entry_point}, its modules loaded with the collector paused."
    return launch
