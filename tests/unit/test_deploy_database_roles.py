"""Every process's database role has a password of its own: compose hands each process (and
its migration job) only its own, and init.sql sets each role's from its own variable."""

from __future__ import annotations

import re

import pytest
from deploy_files import APPS, DEPLOY, SERVICES, prefix_of, target_of

INIT_SQL = (DEPLOY / "postgres" / "init.sql").read_text(encoding="utf-8")


def password_variable(url: str) -> str:
    match = re.fullmatch(r"postgresql\+asyncpg://([a-z_]+):\$\{([A-Z_]+)[^}]*\}@.*", url)
    assert match is not None, url
    return match.group(2)


def variable_of(name: str) -> str:
    return password_variable(SERVICES[name]["environment"][f"{prefix_of(name)}DATABASE_URL"])


@pytest.mark.parametrize("name", APPS)
def test_each_role_logs_in_with_its_own_variable(name: str) -> None:
    role = target_of(name)
    assert variable_of(name) == f"{role.upper()}_DB_PASSWORD"
    migration = SERVICES[f"{name}-migrate"]["environment"][f"{prefix_of(name)}DATABASE_URL"]
    assert password_variable(migration) == variable_of(name)
    assert f"\\getenv {role}_password {role.upper()}_DB_PASSWORD" in INIT_SQL
    assert f"CREATE ROLE {role} LOGIN PASSWORD :'{role}_password';" in INIT_SQL


def test_no_two_roles_share_a_password() -> None:
    variables = [variable_of(name) for name in APPS]
    assert len(set(variables)) == len(APPS) == 7
    assert INIT_SQL.count("CREATE ROLE") == len(set(re.findall(r"\\getenv \w+ (\w+)", INIT_SQL)))


def test_the_database_container_gets_every_roles_password_and_no_service_another_s() -> None:
    postgres = SERVICES["postgres"]["environment"]
    assert {variable_of(name) for name in APPS} <= set(postgres)
    for name in APPS:
        others = {variable_of(other) for other in APPS} - {variable_of(name)}
        environment = " ".join(map(str, SERVICES[name]["environment"].values()))
        assert not any(other in environment for other in others), name
