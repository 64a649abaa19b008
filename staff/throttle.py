"""Slow down password guessing: failed sign-ins counted per account and per address.

The failures are rows in the database, so that the count holds across processes and hosts.
After ACCOUNT_LIMIT failures for one email (or ADDRESS_LIMIT from one address) within
WINDOW, sign-in is refused, without checking the password, until the oldest of them ages out.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from db.models import LoginFailure

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)


def _keys(email: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{email.strip().lower()}", ACCOUNT_LIMIT)]
    if address:
        keys.append((f"address:{address}", ADDRESS_LIMIT))
    return keys


def wait_needed(session, email: str, address: str | None, now: datetime) -> timedelta | None:
    """Return how long sign-in must wait for this email and address, or None if it may try."""
    longest = None
    for key, limit in _keys(email, address):
        recent = session.scalars(
            select(LoginFailure.at)
            .where(LoginFailure.key == key, LoginFailure.at > now - WINDOW)
            .order_by(LoginFailure.at.desc())
            .limit(limit)
        ).all()
        if len(recent) >= limit:
            wait = recent[-1] + WINDOW - now
            longest = wait if longest is None else max(longest, wait)
    return longest


def record_failure(session, email: str, address: str | None, now: datetime) -> None:
    """Count one failed sign-in against the email and the address; forget old ones."""
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - WINDOW))
    for key, _ in _keys(email, address):
        session.add(LoginFailure(key=key, at=now))


def forget_account(session, email: str) -> None:
    """Clear an account's failures after it signed in."""
    key = _keys(email, None)[0][0]
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
