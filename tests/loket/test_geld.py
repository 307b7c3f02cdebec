"""The one Dutch number parser and formatter (loket.geld) and its form fields (loket.velden):
what a Dutch reader is sure of is read exactly, what could mean two things is refused in Dutch."""

import re
from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from loket.geld import GetalFout, als_euro, als_procent, getal, lees_bedrag, lees_getal
from loket.velden import BedragVeld, DecimaalVeld


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1.234,50", "1234.50"),
        ("1234,50", "1234.50"),
        ("1234", "1234"),
        ("€ 1.234,50", "1234.50"),
        ("€1234,5", "1234.50"),
        ("1.234,50 €", "1234.50"),
        ("€ 12,-", "12"),
        ("1.250", "1250"),  # a dot only ever groups thousands
        ("1 250,50", "1250.50"),
        ("1\u00a0250,50", "1250.50"),
        ("12.500.000", "12500000"),
        ("0,5", "0.5"),
        ("-€ 1.500,00", "-1500"),
        ("  7,5  ", "7.5"),
    ],
)
def test_dutch_input_is_read_exactly(tekst, verwacht):
    assert lees_getal(tekst, decimalen=2) == Decimal(verwacht)


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("1,250.50", "Punt en komma staan verkeerd om"),
        ("1.25", "Gebruik een komma voor de decimalen: typ 1,25"),
        ("12.5", "Gebruik een komma voor de decimalen"),
        ("182400.5", "Gebruik een komma voor de decimalen"),
        ("1,250", "kan twee dingen betekenen"),
        ("0.250", "Gebruik een komma"),
        ("12.34,5", "Zet punten alleen tussen groepen van drie"),
        ("1,2,3", "meer dan één komma"),
        ("1,255", "kan twee dingen betekenen"),
        ("0,125", "hoogstens 2 cijfers achter de komma"),
        ("1e5", "geen getal"),
        ("NaN", "geen getal"),
        ("12,", "ontbreken de cijfers"),
        ("", "Vul een getal in"),
    ],
)
def test_ambiguous_or_wrong_input_gets_a_dutch_error(tekst, melding):
    with pytest.raises(GetalFout, match=re.escape(melding)):
        lees_getal(tekst, decimalen=2)


def test_decimals_are_limited_per_kind():
    assert lees_getal("7,5", decimalen=1) == Decimal("7.5")
    with pytest.raises(GetalFout, match="hoogstens 1 cijfer achter de komma"):
        lees_getal("7,55", decimalen=1)
    with pytest.raises(GetalFout, match="kan twee dingen betekenen"):
        lees_getal("7,500", decimalen=1)
    with pytest.raises(GetalFout, match="centen"):
        lees_bedrag("0,005")
    with pytest.raises(GetalFout, match="te groot"):
        lees_bedrag("99.999.999.999")


def test_formatting():
    assert getal(Decimal("1234.5")) == "1.234,50"
    assert getal(Decimal("-1234567.891"), 2) == "-1.234.567,89"
    assert getal(Decimal("7.50"), 2, nullen_weg=True) == "7,5"
    assert getal(400, 2, nullen_weg=True) == "400"
    assert getal(Decimal("0.005"), 2) == "0,01"  # half-up, like the ledger
    assert getal(12500, 0) == "12.500"
    assert als_euro(Decimal("182400")) == "€ 182.400,00"
    assert als_euro(Decimal("-1500")) == "-€ 1.500,00"
    assert als_procent(Decimal("35.5")) == "35,5 %"


BEDRAGEN = st.decimals(
    min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"), places=2
)


@given(bedrag=BEDRAGEN, groeperen=st.booleans())
def test_round_trip_amounts(bedrag, groeperen):
    assert lees_getal(getal(bedrag, 2, groeperen=groeperen), decimalen=2) == bedrag
    assert lees_bedrag(als_euro(bedrag)) == bedrag


@given(
    decimalen=st.integers(min_value=0, max_value=3),
    waarde=st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    groeperen=st.booleans(),
)
def test_round_trip_any_precision(decimalen, waarde, groeperen):
    afgerond = waarde.quantize(Decimal(1).scaleb(-decimalen))
    for tekst in (
        getal(afgerond, decimalen, groeperen=groeperen),
        getal(afgerond, decimalen, groeperen=groeperen, nullen_weg=True),
    ):
        assert lees_getal(tekst, decimalen=decimalen) == afgerond


@given(
    heel=st.integers(min_value=1, max_value=999),
    duizend=st.integers(min_value=0, max_value=999),
    centen=st.integers(min_value=0, max_value=99),
)
def test_english_thousands_and_decimal_point_are_refused(heel, duizend, centen):
    """ "1,250.50" is 1250,50 to an English reader and nonsense to a Dutch one: never guessed."""
    for tekst in (f"{heel},{duizend:03d}.{centen:02d}", f"{heel},{duizend:03d}"):
        with pytest.raises(GetalFout):
            lees_getal(tekst, decimalen=2)


@given(
    heel=st.integers(min_value=0, max_value=10**7),
    decimaal=st.from_regex(r"\A\d{1,2}\Z|\A\d{4,6}\Z"),
)
def test_a_decimal_point_is_refused(heel, decimaal):
    """ "1.25" and "12.5": a Dutch reader cannot tell whether the point groups or separates."""
    with pytest.raises(GetalFout, match="komma"):
        lees_getal(f"{heel}.{decimaal}", decimalen=2)


@given(st.text(max_size=45))
def test_any_text_is_a_number_or_a_dutch_error(tekst):
    try:
        uitkomst = lees_getal(tekst, decimalen=2)
    except GetalFout as fout:
        assert str(fout)  # a message for the user, never another exception
    else:
        assert uitkomst.is_finite()
        # Whatever was accepted is written back to the same number.
        assert lees_getal(getal(uitkomst, 2), decimalen=2) == uitkomst


class Formulier(forms.Form):
    bedrag = BedragVeld(label="Bedrag")
    uren = DecimaalVeld(label="Uren", decimalen=2, min_waarde=Decimal("0.25"), max_waarde=99999)
    score = DecimaalVeld(label="Cijfer", decimalen=1, min_waarde=1, max_waarde=10, required=False)


def test_fields_render_as_decimal_text_inputs_with_dutch_help():
    html = str(Formulier())
    assert 'type="number"' not in html
    assert html.count('inputmode="decimal"') == 3
    assert html.count('type="text"') == 3
    assert "bijvoorbeeld 1.250,50" in Formulier().fields["bedrag"].help_text


@pytest.mark.parametrize(
    ("data", "fouten"),
    [
        ({"bedrag": "1.250,50", "uren": "12,5", "score": "7,5"}, {}),
        ({"bedrag": "1250.50", "uren": "12,5"}, {"bedrag": "Gebruik een komma"}),
        ({"bedrag": "0", "uren": "12,5"}, {"bedrag": "groter dan nul"}),
        ({"bedrag": "1250,505", "uren": "12,5"}, {"bedrag": "centen"}),
        ({"bedrag": "5", "uren": "0,1"}, {"uren": "Vul 0,25 of meer in"}),
        ({"bedrag": "5", "uren": "1", "score": "10,5"}, {"score": "Vul hoogstens 10 in"}),
        ({"bedrag": "5", "uren": "1", "score": "7,55"}, {"score": "hoogstens 1 cijfer"}),
        ({"bedrag": "", "uren": "1"}, {"bedrag": "Vul dit veld in"}),
    ],
)
def test_field_errors_are_dutch_and_keep_the_input(data, fouten):
    form = Formulier(data)
    assert form.is_valid() == (not fouten)
    for veld, melding in fouten.items():
        assert melding in " ".join(form.errors[veld])
        if data[veld]:
            assert f'value="{data[veld]}"' in str(form[veld])
    if not fouten:
        assert form.cleaned_data == {
            "bedrag": Decimal("1250.50"),
            "uren": Decimal("12.50"),
            "score": Decimal("7.5"),
        }


def test_stored_value_is_shown_as_a_dutch_reader_types_it():
    form = Formulier(initial={"bedrag": Decimal("1250.50"), "uren": Decimal("12.00")})
    assert 'value="1250,50"' in str(form["bedrag"])
    assert 'value="12"' in str(form["uren"])


def test_template_filters_use_the_same_rules():
    from loket.templatetags.loket_tags import euro, getal_filter

    assert euro(Decimal("182400")) == "€ 182.400,00"
    assert getal_filter(Decimal("1234.5"), "2") == "1.234,50"
    assert getal_filter(Decimal("12.50"), "-2") == "12,5"
    assert getal_filter(Decimal("400.00"), "-2") == "400"
    assert getal_filter(None) == "–"
    assert getal_filter("geen getal") == "geen getal"
