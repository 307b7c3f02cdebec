import pytest


@pytest.fixture(autouse=True)
def _db_for_all():
    """Overrides the suite's autouse `db`: the scenario brings its own two servers, and the
    router's rules are checked without a database."""
