"""A count with its one-way breakdowns (Telling): made by the recount in monitor/meting.py and by
the kept counts in monitor/telstand/lezen.py alike."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Telling:
    """A total with its breakdowns: dimension -> value -> count."""

    totaal: int = 0
    uitsplitsing: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def tel(self, aantal: int, **dimensies: str) -> None:
        self.totaal += aantal
        for dimensie, waarde in dimensies.items():
            self.uitsplitsing[dimensie][waarde] += aantal
