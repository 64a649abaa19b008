"""Demo staff accounts for `make run`: an admin, an officer of ลำปาง, a coach of นครราชสีมา.

Made in demo mode only (no LINE credentials): their passwords are printed, so they must never
exist on a real deployment.
"""

from datetime import datetime

from staff import accounts

# (email, name, role, areas, password)
DEMO_ACCOUNTS = [
    ("admin@demo.local", "ผู้ดูแลระบบ", "admin", "", "demo-admin-2569"),
    ("officer@demo.local", "พัฒนากรลำปาง", "officer", "ลำปาง", "demo-lampang-2569"),
    ("coach@demo.local", "โค้ชโคราช", "coach", "นครราชสีมา", "demo-korat-2569"),
]


def seed(session, now: datetime) -> list[tuple[str, str, str]]:
    """Add the demo accounts not there yet; return (email, role, password) of every one."""
    for email, name, role, areas, password in DEMO_ACCOUNTS:
        if accounts.by_email(session, email) is None:
            accounts.create(
                session,
                email=email,
                name=name,
                role=role,
                areas=accounts.parse_areas(areas),
                password=password,
                now=now,
                actor="seed-demo",
            )
    session.commit()
    return [(email, role, password) for email, _, role, _, password in DEMO_ACCOUNTS]
