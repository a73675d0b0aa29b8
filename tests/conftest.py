"""Suite-wide pytest setup. Fixture code lives in tests/fixtures so this file
stays a table of contents (tests/ itself is on sys.path under pytest's
default `prepend` import mode, hence the bare `fixtures.` names)."""

pytest_plugins = [
    "fixtures.kafka",
    "fixtures.postgres",
]
