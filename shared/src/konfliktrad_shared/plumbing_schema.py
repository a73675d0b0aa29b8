"""Migration steps for the plumbing every service keeps: the outbox, the inbox and the deadlines.

Every service's tables of its own are its own migrations'; these three are the same in every
service, so their DDL is written once, here, and each service's migrations call the steps in
order. Each step is history: it is the schema as it was when the step was taken, written out
literally, and never derived from `db.define_plumbing_tables` — that describes today's tables
and will move on, while a migration that has run must go on building exactly what it built.
A later change to these tables is a further step below, called by a new migration in every
service (as `create_plumbing_tables` is called by each service's first).

Only for Alembic's `env.py` context: the functions use `alembic.op` and so run inside a
migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_plumbing_tables() -> None:
    """The first step: the outbox, inbox and deadline tables as every service's first
    migration (revision 0001) created them."""
    op.create_table(
        "deadlines",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("aggregate_id", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deadlines_pending",
            ["due_at"],
            unique=False,
            postgresql_where=sa.text("fired_at IS NULL"),
            sqlite_where=sa.text("fired_at IS NULL"),
        )

    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=249), nullable=False),
        sa.Column("message_key", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_unpublished",
            ["message_key", "id"],
            unique=False,
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )


def drop_plumbing_tables() -> None:
    """Undo `create_plumbing_tables` (the first migration's downgrade)."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_outbox_unpublished",
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )
    op.drop_table("outbox")
    op.drop_table("inbox")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_deadlines_pending",
            postgresql_where=sa.text("fired_at IS NULL"),
            sqlite_where=sa.text("fired_at IS NULL"),
        )
    op.drop_table("deadlines")


# Further steps follow here, each called by one new migration in every service.


def add_outbox_outcomes() -> None:
    """The outbox's per-row outcomes: failed attempts, the last error, the backoff, parking."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))


def drop_outbox_outcomes() -> None:
    with op.batch_alter_table("outbox") as batch:
        for column in ("parked_at", "next_attempt_at", "last_error", "attempts"):
            batch.drop_column(column)


_REFUSE_AUDIT_CHANGE = """
CREATE OR REPLACE FUNCTION audit_chain_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_chain is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def add_audit_chain() -> None:
    """The append-only, hash-chained audit trail. On PostgreSQL a trigger refuses every UPDATE,
    DELETE and TRUNCATE whoever the role (the owner and the migrating role included), and the
    privileges to do them are revoked; only a superuser who disables the trigger can change a
    row, and the chain's hashes then show it (`konfliktrad-operator audit verify`)."""
    op.create_table(
        "audit_chain",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("actor_subject", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=200), nullable=False),
        sa.Column("actor_office", sa.String(length=100), nullable=False),
        sa.Column("provision", sa.String(length=500), nullable=True),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_chain")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_chain_entry_hash")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_REFUSE_AUDIT_CHANGE)
    op.execute(
        "CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain "
        "FOR EACH ROW EXECUTE FUNCTION audit_chain_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_refuse_change()"
    )
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain FROM PUBLIC, CURRENT_USER")


def drop_audit_chain() -> None:
    op.drop_table("audit_chain")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_chain_refuse_change()")
