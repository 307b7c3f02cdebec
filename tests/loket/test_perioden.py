"""Quarter arithmetic of loket/perioden.py, the one module for periods and quarters (the monitor
and the ledger both use it)."""

import datetime

import pytest

from loket import perioden


@pytest.mark.parametrize(
    ("maand", "kwartaal"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)]
)
def test_quarter_of_a_month(maand, kwartaal):
    assert perioden.kwartaal_van_maand(maand) == kwartaal
    assert perioden.kwartaal_van(datetime.date(2026, maand, 15)) == kwartaal


def test_first_and_last_day_of_each_quarter():
    einden = [perioden.einde_kwartaal(2024, n) for n in (1, 2, 3, 4)]
    assert einden == [
        datetime.date(2024, 3, 31),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
    ]
    assert perioden.begin_kwartaal(datetime.date(2024, 5, 20)) == datetime.date(2024, 4, 1)
    assert perioden.begin_kwartaal(datetime.date(2024, 12, 31)) == datetime.date(2024, 10, 1)


def test_previous_quarter_crosses_the_year():
    vorig = perioden.vorig_kwartaal(datetime.date(2026, 1, 5))
    assert (vorig.van, vorig.tot, vorig.label) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
        "Q4 2025",
    )
