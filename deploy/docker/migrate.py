"""One-shot schema migration for one process of the suite, run from its image:

    python /app/migrate.py referral

Upgrades the database in `<PREFIX>DATABASE_URL` to the newest revision shipped inside the
installed package (`<package>/migrations`), exactly as `<PREFIX>APPLY_MIGRATIONS_ON_START`
would at start-up, but once, before any instance starts. Refuses the embedded SQLite default:
in a container that would migrate a throwaway file and report success.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# target -> (package, settings class in <package>.config)
TARGETS = {
    "referral": ("referral", "ReferralSettings"),
    "mediation": ("mediation", "MediationSettings"),
    "youth_plan": ("youth_plan", "YouthPlanSettings"),
    "vetting": ("vetting", "VettingSettings"),
    "notification": ("notification", "NotificationSettings"),
    "prosecution_adapter": ("notification", "ProsecutionAdapterSettings"),
    "correctional_adapter": ("notification", "CorrectionalAdapterSettings"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument(
        "--allow-sqlite", action="store_true", help="migrate an SQLite database_url too"
    )
    args = parser.parse_args(argv)

    package, settings_class = TARGETS[args.target]
    from konfliktrad_shared.migrations import upgrade_to_head

    settings = getattr(importlib.import_module(f"{package}.config"), settings_class)()
    migrations = Path(importlib.import_module(f"{package}.main").MIGRATIONS)
    if settings.uses_sqlite and not args.allow_sqlite:
        print(
            f"{args.target}: no database configured (set its DATABASE_URL); refusing to "
            "migrate the embedded SQLite default",
            file=sys.stderr,
        )
        return 2
    if not (migrations / "env.py").is_file():
        print(f"{args.target}: no migrations at {migrations}", file=sys.stderr)
        return 2
    upgrade_to_head(migrations, settings.database_url)
    print(f"{args.target}: database schema at head ({migrations})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
