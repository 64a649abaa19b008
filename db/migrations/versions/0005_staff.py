"""staff accounts, areas, failed logins, audit log; cohort dates and coach; producer phone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 03:32:06.874168

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_failure",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_key_at", ["key", "at"], unique=False)

    op.create_table(
        "staff_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("line_user_id", sa.String(length=64), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=True),
        sa.Column("link_code_hash", sa.String(length=64), nullable=True),
        sa.Column("link_code_expires_at", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_account")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_account_email")),
        sa.UniqueConstraint("line_user_id", name=op.f("uq_staff_account_line_user_id")),
        sa.UniqueConstraint("link_code_hash", name=op.f("uq_staff_account_link_code_hash")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_audit_log_account_id_staff_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_target", ["target_kind", "target_id"], unique=False)

    op.create_table(
        "staff_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.Integer(), nullable=True),
        sa.Column("subdistrict_code", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_staff_area_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_area")),
    )
    with op.batch_alter_table("staff_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_area_account_id"), ["account_id"], unique=False)

    with op.batch_alter_table("cohort", schema=None) as batch_op:
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("coach_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cohort_coach_id_staff_account"),
            "staff_account",
            ["coach_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_cohort_created_by_id_staff_account"),
            "staff_account",
            ["created_by_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("producer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        # The staff pages' area filter, default order and boxes (measured by bench/staff.py).
        batch_op.create_index("ix_producer_area", ["province_code", "district_code"])
        batch_op.create_index("ix_producer_updated_at", ["updated_at"])
        for name in ("handoff_at", "stalled_at"):  # partial: only the few who are
            where = sa.text(f"{name} IS NOT NULL")
            batch_op.create_index(
                f"ix_producer_{name}", [name], sqlite_where=where, postgresql_where=where
            )
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.create_index("ix_lesson_progress_lesson_started", ["lesson_id", "started_at"])
    with op.batch_alter_table("livestream", schema=None) as batch_op:
        batch_op.create_index("ix_livestream_planned_at", ["planned_at"])


def downgrade():
    with op.batch_alter_table("livestream", schema=None) as batch_op:
        batch_op.drop_index("ix_livestream_planned_at")
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_lesson_progress_lesson_started")
    with op.batch_alter_table("producer", schema=None) as batch_op:
        for name in (
            "ix_producer_stalled_at",
            "ix_producer_handoff_at",
            "ix_producer_updated_at",
            "ix_producer_area",
        ):
            batch_op.drop_index(name)
    with op.batch_alter_table("producer", schema=None) as batch_op:
        batch_op.drop_column("phone")

    with op.batch_alter_table("cohort", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cohort_created_by_id_staff_account"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_cohort_coach_id_staff_account"), type_="foreignkey")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("coach_id")
        batch_op.drop_column("ends_on")
        batch_op.drop_column("starts_on")

    with op.batch_alter_table("staff_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_area_account_id"))

    op.drop_table("staff_area")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_target")
        batch_op.drop_index("ix_audit_log_at")

    op.drop_table("audit_log")
    op.drop_table("staff_account")
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_key_at")

    op.drop_table("login_failure")
