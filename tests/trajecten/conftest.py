import types

import pytest


@pytest.fixture
def verzoek(werkcoach):
    """A stand-in for the request the services read the user from."""
    return types.SimpleNamespace(user=werkcoach)
