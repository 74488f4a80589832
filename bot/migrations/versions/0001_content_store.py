"""Content store: immutable versions, their referrals and advice items, the live pointer and its history.

Revision ID: 0001_content_store
Revises:
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_content_store"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABLE_TABLES = ("content_versions", "referrals", "advice_items")


def upgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("referral_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_content_versions"),
    )
    op.create_index("ix_content_versions_content_hash", "content_versions", ["content_hash"])

    op.create_table(
        "live_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_live_version"),
        sa.ForeignKeyConstraint(["version_id"], ["content_versions.id"], name="fk_live_version_version_id_content_versions"),
        sa.CheckConstraint("id = 1", name="ck_live_version_single_row"),
    )
    # The one row: which version is live (none yet). Publishing locks it to take turns.
    op.execute("INSERT INTO live_version (id, version_id) VALUES (1, NULL)")

    op.create_table(
        "live_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_live_changes"),
        sa.ForeignKeyConstraint(["version_id"], ["content_versions.id"], name="fk_live_changes_version_id_content_versions"),
        sa.ForeignKeyConstraint(
            ["previous_version_id"], ["content_versions.id"], name="fk_live_changes_previous_version_id_content_versions"
        ),
    )

    op.create_table(
        "referrals",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(100), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("version_id", "referral_id", name="pk_referrals"),
        sa.ForeignKeyConstraint(["version_id"], ["content_versions.id"], name="fk_referrals_version_id_content_versions"),
    )

    op.create_table(
        "advice_items",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("strand", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("version_id", "item_id", name="pk_advice_items"),
        sa.ForeignKeyConstraint(["version_id"], ["content_versions.id"], name="fk_advice_items_version_id_content_versions"),
    )
    op.create_index("ix_advice_items_version_strand_status", "advice_items", ["version_id", "strand", "status"])

    _add_immutability_triggers()


def _add_immutability_triggers() -> None:
    """A published version is a record of what residents were shown: refuse UPDATE and DELETE."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'published content versions cannot be changed ({table})'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            """
            CREATE FUNCTION content_versions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'published content versions cannot be changed (%)', TG_TABLE_NAME;
            END;
            $$
            """
        )
        for table in IMMUTABLE_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE PROCEDURE content_versions_are_immutable()"
            )


def _drop_immutability_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE_TABLES:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    elif dialect == "postgresql":
        for table in IMMUTABLE_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        op.execute("DROP FUNCTION IF EXISTS content_versions_are_immutable()")


def downgrade() -> None:
    _drop_immutability_triggers()
    op.drop_index("ix_advice_items_version_strand_status", table_name="advice_items")
    op.drop_table("advice_items")
    op.drop_table("referrals")
    op.drop_table("live_changes")
    op.drop_table("live_version")
    op.drop_index("ix_content_versions_content_hash", table_name="content_versions")
    op.drop_table("content_versions")
