"""The local brokers' configuration is secured as production's: no listener a client could use
without TLS and SCRAM, the authorizer denying what no ACL grants, secrets owner-only; the ACLs
provisioned are exactly the table's. (The broker enforcing it is tried in
tests/integration/test_bus_access_matrix.py.)"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from devtools import kafka_security
from devtools.kafka import KafkaCluster
from devtools.kafka_provision import Acl
from konfliktrad_shared import bus_rights


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    return tmp_path


def properties(cluster: KafkaCluster) -> list[dict[str, str]]:
    cluster._write_configs()
    rendered = []
    for node in cluster.nodes:
        lines = node.properties_file.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
        rendered.append({key: value for key, value in pairs})
    return rendered


@pytest.mark.parametrize("three_nodes", [False, True])
def test_clients_reach_the_brokers_only_over_sasl_ssl(three_nodes: bool) -> None:
    for node in properties(KafkaCluster(three_nodes)):
        assert node["listener.security.protocol.map"] == "CLIENT:SASL_SSL,CONTROLLER:SSL"
        assert node["listeners"].count("://") == 2
        assert node["advertised.listeners"].startswith("CLIENT://")
        assert "PLAINTEXT" not in "".join(node.values())
        assert node["sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
        assert node["inter.broker.listener.name"] == "CLIENT"
        # SCRAM cannot guard the KRaft controller listener: client certificates do.
        assert node["listener.name.controller.ssl.client.auth"] == "required"
        assert node["ssl.keystore.type"] == node["ssl.truststore.type"] == "PEM"


def test_what_no_acl_grants_is_denied_and_only_the_tooling_is_super() -> None:
    [node] = properties(KafkaCluster())
    assert node["authorizer.class.name"].endswith("StandardAuthorizer")
    assert node["allow.everyone.if.no.acl.found"] == "false"
    assert node["super.users"] == "User:admin;User:broker"
    assert node["auto.create.topics.enable"] == "false"
    assert node["ssl.principal.mapping.rules"].startswith("RULE:^CN=kafka-node-[0-9]+$/broker/")


def test_secrets_are_owner_only_and_the_key_store_holds_key_and_chain() -> None:
    cluster = KafkaCluster()
    properties(cluster)
    [node] = cluster.nodes
    keystore = Path(
        dict(
            line.split("=", 1)
            for line in node.properties_file.read_text().splitlines()
            if "=" in line
        )["ssl.keystore.location"]
    )
    pem = keystore.read_text()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8, unencrypted
    assert pem.count("-----BEGIN CERTIFICATE-----") == 2  # the node's, then the CA's
    for path in (node.properties_file, keystore, kafka_security.password_file("broker")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_every_principal_of_the_table_and_the_tooling_gets_a_scram_login() -> None:
    arguments = kafka_security.scram_arguments()
    logins = {
        value.split("name=", 1)[1].split(",", 1)[0]
        for flag, value in zip(arguments[::2], arguments[1::2], strict=True)
        if flag == "--add-scram"
    }
    assert logins == {p.name for p in bus_rights.principals()} | {"admin", "broker"}
    passwords = {kafka_security.ensure_password(name) for name in logins}
    assert len(passwords) == len(logins), "each login its own password"


def test_the_plaintext_broker_is_apart_and_never_the_default() -> None:
    assert KafkaCluster().bootstrap_servers == "127.0.0.1:9092"
    open_broker = KafkaCluster(plaintext=True)
    assert open_broker.bootstrap_servers == "127.0.0.1:9192"
    assert open_broker.directory.name == "plaintext"
    [node] = properties(open_broker)
    assert node["listener.security.protocol.map"] == "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    assert "authorizer.class.name" not in node
    with pytest.raises(ValueError):
        KafkaCluster(cluster=True, plaintext=True)


def test_each_grant_becomes_one_allow_acl() -> None:
    grants = bus_rights.grants()
    acls = {Acl.of(grant) for grant in grants}
    assert len(acls) == len(grants)
    oslo = Acl.of(bus_rights.Grant("police-oslo", "topic", "t", "literal", "write"))
    assert oslo.fields() == (2, "t", 3, "User:police-oslo", "*", 4, 3)
    operator_groups = Acl.of(bus_rights.Grant("operator", "group", "*", "literal", "describe"))
    assert operator_groups.fields() == (3, "*", 3, "User:operator", "*", 8, 3)
