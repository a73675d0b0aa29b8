from konfliktrad_shared.migrations import run_migrations
from youth_plan.adapters.orm import metadata

run_migrations(metadata)
