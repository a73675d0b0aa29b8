"""The console script's module: `vetting.main:run`, loaded by `launcher` (kept light)."""

from konfliktrad_shared.launch import launcher

run = launcher("vetting.main:run")
