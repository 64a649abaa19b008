"""Pages of a long list: ?page=N, fifty rows each, with the total the one filter counted."""

from dataclasses import dataclass

from flask import request

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a list: its number (from 1), its size and the total rows."""

    number: int
    size: int
    total: int

    @classmethod
    def from_request(cls, total: int, size: int = PAGE_SIZE) -> "Page":
        """Return the page the request asks for (?page=N), kept within the list."""
        last = max(1, -(-total // size))
        try:
            number = int(request.args.get("page", "1"))
        except ValueError:
            number = 1
        return cls(min(max(number, 1), last), size, total)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)
