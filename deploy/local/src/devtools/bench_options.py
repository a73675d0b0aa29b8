"""What a benchmark run is asked to do: how many samples, warm-ups and referrals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    # A p99 by nearest rank needs at least 100 samples to be more than the maximum.
    samples: int = 200
    warmup: int = 3
    baseline_samples: int = 200
    baseline_warmup: int = 20
    broker_warmup: int = 1000  # untimed round trips (and ten bursts of as many) on each broker
    setup_concurrency: int = 6
    intake: int = 7500  # referrals for the throughput figure: about a national year
    port_patience: float = 600.0
    keep_state: bool = False
    say: Callable[[str], None] = print
