"""The workshop's tables: sessions, participants, answers, meta.

A SQLite file made before schema versions were kept already has these four tables, with the same
columns (the old code created them with CREATE TABLE IF NOT EXISTS): they are adopted as they are,
with their rows, and only the version is recorded. A new database gets them created.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "sessions" not in have:
        op.create_table(
            "sessions",
            sa.Column("code", sa.Text, primary_key=True),
            sa.Column("title", sa.Text, nullable=False, server_default=""),
            sa.Column("items", sa.Text, nullable=False),
            sa.Column("is_open", sa.Integer, nullable=False, server_default="1"),
            sa.Column("paced", sa.Integer, nullable=False, server_default="0"),
            sa.Column("current", sa.Integer, nullable=False, server_default="0"),
            sa.Column("revealed", sa.Text, nullable=False, server_default="[]"),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False),
        )
    if "participants" not in have:
        op.create_table(
            "participants",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("code", sa.Text, sa.ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
            sa.Column("nickname", sa.Text, nullable=False),
            sa.Column("nick_key", sa.Text, nullable=False),
            sa.Column("token", sa.Text, nullable=False, unique=True),
            sa.Column("joined_at", sa.Float, nullable=False),
            sa.UniqueConstraint("code", "nick_key"),
        )
    if "answers" not in have:
        op.create_table(
            "answers",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("code", sa.Text, sa.ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
            sa.Column(
                "participant", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
            ),
            sa.Column("item", sa.Text, nullable=False),
            sa.Column("step", sa.Text, nullable=False),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("correct", sa.Integer),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.UniqueConstraint("participant", "item", "step"),
        )
    indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("answers")}
    if "answers_by_code" not in indexes:
        op.create_index("answers_by_code", "answers", ["code", "item", "question"])
    if "meta" not in have:
        op.create_table(
            "meta",
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )


def downgrade() -> None:
    for table in ("answers", "participants", "sessions", "meta"):
        op.drop_table(table)
