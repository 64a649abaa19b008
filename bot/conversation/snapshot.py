"""What the engine knows of a producer when an event arrives: a snapshot the pipeline gathers.

Plain frozen values, read from the database (or built by hand in tests) before the engine
decides; the engine never reads anything else.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from bot.flows.base import CohortView, Photo

# The producer's fields a step may read as `profile` (PDPA: personal, erased on request).
PERSONAL_FIELDS = (
    "display_name",
    "call_name",
    "province_code",
    "province",
    "district_code",
    "district",
    "phone",
)


@dataclass(frozen=True)
class ProducerView:
    """The producer as the engine sees them."""

    id: int
    line_user_id: str
    consent: str = "pending"
    status: str = "active"
    handoff_at: datetime | None = None
    reminders_off: bool = False
    profile: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row) -> "ProducerView":
        """Return the view of a producer row (an ORM object or a plain row)."""
        return cls(
            id=row.id,
            line_user_id=row.line_user_id,
            consent=row.consent,
            status=row.status,
            handoff_at=row.handoff_at,
            reminders_off=bool(row.reminders_off),
            profile=MappingProxyType({name: getattr(row, name) for name in PERSONAL_FIELDS}),
        )


@dataclass(frozen=True)
class Position:
    """Where the producer stands: flow and step ids, the state's version, the scratchpad."""

    flow_id: str
    step_id: str
    version: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row) -> "Position | None":
        """Return the position a conversation-state row holds (None for no row)."""
        if row is None:
            return None
        data = MappingProxyType(dict(row.data or {}))
        return cls(row.flow_id, row.step_id, row.version or 0, data)


@dataclass(frozen=True)
class Snapshot:
    """Everything one turn may read: the producer, their position, and what the event brought.

    `progress` maps each flow the producer began to started, completed or skipped; `photos`
    are the checked photos an image event brings, `media_error` why there are none; `cohort`
    is the cohort a typed invite code names.
    """

    producer: ProducerView
    position: Position | None
    progress: Mapping[str, str] = field(default_factory=dict)
    photos: tuple[Photo, ...] = ()
    media_error: str | None = None
    cohort: CohortView | None = None

    @property
    def finished(self) -> set[str]:
        """Return the flows the producer completed or skipped."""
        return {flow for flow, status in self.progress.items() if status != "started"}
