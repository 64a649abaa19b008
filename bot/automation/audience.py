"""Who an officer's broadcast is for: one query builder for the count a page shows and the send.

A broadcast selects producers (a cohort, or an area); of those, some cannot get it, for the
first of these reasons that applies. The breakdown a staff page shows before sending and the
recipient rows written at send time come from the same two expressions, so they agree.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, true

from db.models import Broadcast, Producer

# Why a selected producer does not get a broadcast, in the order the reasons are checked.
EXCLUSIONS = (
    ("blocked", Producer.status == "blocked"),
    ("reminders_off", Producer.reminders_off.is_(True)),
    ("handed_off", Producer.handoff_at.is_not(None)),
    ("no_consent", Producer.consent != "given"),
)
# The reason a selected producer is left out (NULL: they get it).
EXCLUDED_BECAUSE = case(*((condition, reason) for reason, condition in EXCLUSIONS), else_=None)


def selects(cast: Broadcast):
    """Return the condition on producers that a broadcast selects: its cohort, or its area."""
    if cast.cohort_id is not None:
        return Producer.cohort_id == cast.cohort_id
    return and_(
        true(),
        *(
            column == value
            for column, value in (
                (Producer.province_code, cast.province_code),
                (Producer.district_code, cast.district_code),
            )
            if value is not None
        ),
    )


@dataclass(frozen=True)
class Breakdown:
    """How many producers a broadcast selects, how many each reason leaves out, and the rest."""

    selected: int
    excluded: dict[str, int]
    recipients: int


def breakdown(session, condition) -> Breakdown:
    """Count the producers the condition selects, by the reason each is left out (if any)."""
    rows = session.execute(
        select(EXCLUDED_BECAUSE, func.count()).where(condition).group_by(EXCLUDED_BECAUSE)
    ).all()
    counts = dict(rows)
    excluded = {reason: counts.get(reason, 0) for reason, _ in EXCLUSIONS}
    return Breakdown(sum(counts.values()), excluded, counts.get(None, 0))
