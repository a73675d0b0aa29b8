from konfliktrad_shared.migrations import run_migrations
from referral.adapters.orm import metadata

run_migrations(metadata)
