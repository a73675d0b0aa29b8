"""What a benchmark run is asked to do: how many samples, warm-ups and referrals, and on
which configurations of the intake stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Database = Literal["sqlite", "postgres"]
DATABASES: tuple[Database, ...] = ("sqlite", "postgres")


@dataclass(frozen=True)
class IntakeConfiguration:
    """The intake's stages (referral, mediation) each run as `replicas` processes on one
    database of each service."""

    database: Database
    replicas: int

    @property
    def label(self) -> str:
        return f"{self.database}/{self.replicas}"

    def describe(self) -> str:
        stores = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
        return f"{stores[self.database]}, {self.replicas} replica{'s' if self.replicas > 1 else ''}"

    @classmethod
    def parse(cls, text: str) -> IntakeConfiguration:
        """ "sqlite/1", "postgres/3" …"""
        database, _, replicas = text.strip().lower().partition("/")
        if database not in DATABASES or not replicas.isdigit() or int(replicas) < 1:
            raise ValueError(
                f"{text!r}: a configuration is DATABASE/REPLICAS, DATABASE one of "
                f"{', '.join(DATABASES)} and REPLICAS at least 1 (say sqlite/1 or postgres/3)"
            )
        return cls(database, int(replicas))


ALL_INTAKE_CONFIGURATIONS = tuple(
    IntakeConfiguration(database, replicas) for database in DATABASES for replicas in (1, 3)
)


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
    intake_configurations: tuple[IntakeConfiguration, ...] = ALL_INTAKE_CONFIGURATIONS
    port_patience: float = 600.0
    keep_state: bool = False
    say: Callable[[str], None] = print
