"""The console script's module: `mediation.main:run`, loaded by `launcher` (kept light)."""

from konfliktrad_shared.launch import launcher

run = launcher("mediation.main:run")
