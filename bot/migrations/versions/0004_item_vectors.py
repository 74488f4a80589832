"""Item vectors: each published item's sentence embeddings (title, summary, topics, questions,
steps), stored with the content version at publish time so the retriever needs no work at
request time beyond embedding the resident's message. Immutable like the rest of a version.

Revision ID: 0004_item_vectors
Revises: 0003_review
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_item_vectors"
down_revision = "0003_review"
branch_labels = None
depends_on = None

TABLE = "advice_item_vectors"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("encoder", sa.String(100), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["content_versions.id"], name="fk_advice_item_vectors_version_id_content_versions"),
        sa.PrimaryKeyConstraint("version_id", "item_id", "encoder", name="pk_advice_item_vectors"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'published content versions cannot be changed ({TABLE})'); END"
            )
    elif dialect == "postgresql":
        # The function comes from 0001_content_store.
        op.execute(f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE PROCEDURE content_versions_are_immutable()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{action}")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE}")
    op.drop_table(TABLE)
