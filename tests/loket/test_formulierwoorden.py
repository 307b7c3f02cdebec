"""Every form built on SnelleKeuzelijsten names a missing field and offers no row of dashes."""

from django import forms

from loket.widgets import SnelleKeuzelijsten


class Voorbeeld(SnelleKeuzelijsten, forms.Form):
    naam = forms.CharField(label="Naam")
    kvk = forms.CharField(label="KvK-nummer")
    soort = forms.ChoiceField(label="Soort", choices=[("", "---------"), ("a", "A")])
    akkoord = forms.BooleanField(label="Akkoord")
    eigen = forms.CharField(label="Eigen", error_messages={"required": "Zelf gekozen."})


def test_a_missing_field_is_named():
    form = Voorbeeld({})
    assert not form.is_valid()
    assert form.errors["naam"] == ["Vul naam in."]
    assert form.errors["kvk"] == ["Vul KvK-nummer in."]
    assert form.errors["soort"] == ["Kies soort."]
    assert form.errors["akkoord"] == ["Vink 'Akkoord' aan."]
    assert form.errors["eigen"] == ["Zelf gekozen."]


def test_no_row_of_dashes():
    html = str(Voorbeeld()["soort"])
    assert "---------" not in html and '<option value="" selected>Maak een keuze</option>' in html
