"""Runs the project's permission matrix and hostile-input tests on the financiering URLs, with the
URL arguments from urlargumenten.py."""

import pytest

from .. import test_fuzz_formulieren as fuzz
from .. import test_permissiematrix as matrix
from .urlargumenten import URL_ARGUMENTEN_FINANCIERING

NAMEN = sorted(n for n in matrix.URLS if n.startswith("financiering:"))
POST_NAMEN = [n for n in fuzz.post_urls() if n.startswith("financiering:")]


def test_every_financiering_url_can_be_built():
    missend = [
        n
        for n in NAMEN
        if matrix.URLS[n].pattern.regex.groups and n not in URL_ARGUMENTEN_FINANCIERING
    ]
    assert not missend
    assert all(matrix.regel(matrix.URLS[n]) for n in NAMEN)


@pytest.mark.parametrize("naam", NAMEN)
def test_matrix_financiering(naam, client, loket, ander_loket, monkeypatch):
    for sleutel, waarde in URL_ARGUMENTEN_FINANCIERING.items():
        monkeypatch.setitem(matrix.URL_ARGUMENTEN, sleutel, waarde)
    matrix.test_matrix(naam, client, loket, ander_loket)


@pytest.mark.parametrize("naam", POST_NAMEN)
def test_hostile_input_financiering(naam, client, loket, monkeypatch):
    for sleutel, waarde in URL_ARGUMENTEN_FINANCIERING.items():
        monkeypatch.setitem(fuzz.URL_ARGUMENTEN, sleutel, waarde)
    fuzz.test_hostile_input_never_breaks_a_form(naam, client, loket)
