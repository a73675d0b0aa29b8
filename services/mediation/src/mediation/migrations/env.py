from konfliktrad_shared.migrations import run_migrations
from mediation.adapters.orm import metadata

run_migrations(metadata)
