"""SnelleSelect renders exactly what Django's template-rendered Select renders."""

import pytest
from django import forms
from django.test.html import parse_html

from loket.models import Gemeente
from loket.widgets import SnelleKeuzelijsten, SnelleSelect

KEUZES = [
    ("", "Kies"),
    ("a", "Aap & <noot>"),
    ('Groep "één"', [("b", "Bes"), ("c", "Citroen")]),
]


@pytest.mark.parametrize("waarde", [None, "", "a", "c", "onbekend"])
def test_same_html_as_djangos_select(waarde):
    attrs = {
        "class": "form-select",
        "aria-describedby": "x_help",
        "required": True,
        "disabled": False,
    }
    django_html = forms.Select(choices=KEUZES).render("veld", waarde, attrs=attrs)
    snel_html = SnelleSelect(choices=KEUZES).render("veld", waarde, attrs=attrs)
    assert parse_html(snel_html) == parse_html(django_html)
    assert "&lt;noot&gt;" in snel_html and "<noot>" not in snel_html


class Formulier(SnelleKeuzelijsten, forms.Form):
    soort = forms.ChoiceField(choices=[("", "Alle"), ("x", "X")], required=False)
    gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.none(), empty_label="Alle")
    tekst = forms.CharField()

    def __init__(self, *args, regio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(regio=regio)


@pytest.mark.django_db
def test_mixin_swaps_selects_and_keeps_later_querysets(loket):
    gemeente = Gemeente.objects.create(regio=loket.regio, naam="Haarlem", cbs_code="GM0392")
    form = Formulier({"gemeente": gemeente.pk, "tekst": "t"}, regio=loket.regio)
    assert isinstance(form.fields["soort"].widget, SnelleSelect)
    assert isinstance(form.fields["gemeente"].widget, SnelleSelect)
    assert not isinstance(form.fields["tekst"].widget, SnelleSelect)
    html = str(form["gemeente"])
    assert f'<option value="{gemeente.pk}" selected>Haarlem</option>' in html
    assert "required" in html and form.is_valid()


@pytest.mark.django_db
def test_model_choices_come_from_one_plain_query(loket, django_assert_num_queries):
    Gemeente.objects.create(regio=loket.regio, naam="Haarlem", cbs_code="GM0392")
    form = Formulier(regio=loket.regio)
    with django_assert_num_queries(1) as vastgelegd:
        html = str(form["gemeente"])
    assert "Haarlem" in html
    assert "DECLARE" not in vastgelegd.captured_queries[0]["sql"]  # no server-side cursor
