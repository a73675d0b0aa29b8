"""The console script's module: `referral.main:run`, loaded by `launcher` (kept light)."""

from konfliktrad_shared.launch import launcher

run = launcher("referral.main:run")
