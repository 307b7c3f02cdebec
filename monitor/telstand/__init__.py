"""Kept counts (issue 17, ADR 0062): the monitor's counts of the big event tables per loket x
month x source x breakdown, kept up to date by database triggers (sql.py), folded together by
a task (bijhouden.py) and read by the Meting (lezen.py)."""
