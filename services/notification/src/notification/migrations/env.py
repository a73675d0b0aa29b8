from konfliktrad_shared.migrations import run_migrations
from notification.adapters.orm import metadata

run_migrations(metadata)
