from konfliktrad_shared.migrations import run_migrations
from vetting.adapters.orm import metadata

run_migrations(metadata)
