"""The console scripts' module: `notification.main`'s three, loaded by `launcher` (kept light)."""

from konfliktrad_shared.launch import launcher

run = launcher("notification.main:run")
run_prosecution_adapter = launcher("notification.main:run_prosecution_adapter")
run_correctional_adapter = launcher("notification.main:run_correctional_adapter")
