"""Residents' feedback on advice.

Revision ID: 0002_feedback
Revises: 0001_content_store
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_feedback"
down_revision = "0001_content_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("strand", sa.String(64), nullable=True),
        sa.Column("content_item_id", sa.String(128), nullable=True),
        sa.Column("content_version", sa.Integer(), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_feedback_conversation_id", "feedback", ["conversation_id"])
    op.create_index("ix_feedback_strand", "feedback", ["strand"])
    op.create_index("ix_feedback_content_item_id", "feedback", ["content_item_id"])


def downgrade() -> None:
    op.drop_table("feedback")
