"""Sessions: the 先不公布答案 option and the step a paced session jumped to.

``hold_feedback``: 1 when phones keep right/wrong and the explanation until the instructor presses
公布答案. Before this option existed, paced sessions always held feedback and others never did:
existing sessions keep that (``hold_feedback = paced``). ``anchor``: the step a paced session last
jumped to with 跳到… (0 for sessions that never jumped).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN on both databases: SQLite's copy-and-rename would drop the
    # table that participants and answers point to (ON DELETE CASCADE)
    op.add_column("sessions", sa.Column("hold_feedback", sa.Integer, nullable=False, server_default="0"))
    op.add_column("sessions", sa.Column("anchor", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE sessions SET hold_feedback = paced")


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("anchor")
        batch.drop_column("hold_feedback")
