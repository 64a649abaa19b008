"""reminders, broadcasts, stalled producers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 13:53:29.988833

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("district_code", sa.Integer(), nullable=True),
        sa.Column("send_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohort.id"],
            name=op.f("fk_broadcast_cohort_id_cohort"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast")),
    )
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.create_index("ix_broadcast_status_send_at", ["status", "send_at"], unique=False)

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("last", sa.Boolean(), nullable=False),
        sa.Column("about_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("flow_id", sa.String(length=60), nullable=True),
        sa.Column("step_id", sa.String(length=60), nullable=True),
        sa.Column("state_version", sa.Integer(), nullable=True),
        sa.Column("livestream_id", sa.Integer(), nullable=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("retry_key", sa.String(length=36), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name=op.f("fk_reminder_broadcast_id_broadcast"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["livestream_id"],
            ["livestream.id"],
            name=op.f("fk_reminder_livestream_id_livestream"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["producer_id"],
            ["producer.id"],
            name=op.f("fk_reminder_producer_id_producer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reminder_producer_status", ["producer_id", "status", "sent_at"], unique=False
        )
        batch_op.create_index("ix_reminder_status_due", ["status", "due_at"], unique=False)

    with op.batch_alter_table("producer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stalled_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("producer", schema=None) as batch_op:
        batch_op.drop_column("stalled_at")

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_status_due")
        batch_op.drop_index("ix_reminder_producer_status")

    op.drop_table("reminder")
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcast_status_send_at")

    op.drop_table("broadcast")
