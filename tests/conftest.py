"""Suite-wide pytest setup. Fixture code lives in tests/fixtures so this file
stays a table of contents (tests/ itself is on sys.path under pytest's
default `prepend` import mode, hence the bare `fixtures.` names)."""

import pytest

pytest_plugins = [
    "fixtures.kafka",
    "fixtures.postgres",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The end-to-end tests run last, in their collected order. Their suite (every service,
    the desk, a browser) is session-scoped and lives until the session ends: started before
    the integration tests, its services would consume those tests' messages too (its
    youth_plan opening every youth case an integration test refers, and publishing that
    opening on the shared topic) and take the CPU their timings count on."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
