"""The console script's module: `youth_plan.main:run`, loaded by `launcher` (kept light)."""

from konfliktrad_shared.launch import launcher

run = launcher("youth_plan.main:run")
