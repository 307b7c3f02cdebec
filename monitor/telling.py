"""A count with its one-way breakdowns (Telling), addable: the kept counts of whole months and a
recount of the days at the edges of a period are added up (monitor/telstand)."""

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

    def __add__(self, ander: "Telling") -> "Telling":
        som = Telling(self.totaal + ander.totaal)
        for bron in (self, ander):
            for dimensie, waarden in bron.uitsplitsing.items():
                for waarde, aantal in waarden.items():
                    # += keeps a value that counts 0 (e.g. a partner without leerbanen), as
                    # the recount does; Counter's own + would drop it.
                    som.uitsplitsing[dimensie][waarde] += aantal
        return som
