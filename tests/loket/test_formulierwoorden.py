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


def _project_formulieren():
    """Every form class of the project: import each app's form modules, then walk BaseForm."""
    import importlib
    import pkgutil

    eigen = ("loket", "clients", "trajecten", "financiering", "aanmelden", "beheer")
    eigen += ("overdrachten", "monitor")
    for app in eigen:
        pakket = importlib.import_module(app)
        for module in pkgutil.iter_modules(pakket.__path__):
            if "forms" in module.name or module.name in ("tweestaps", "inloggen"):
                importlib.import_module(f"{app}.{module.name}")
    gezien, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in gezien:
                gezien.add(sub)
                todo.append(sub)
    return sorted(
        (f for f in gezien if f.__module__.split(".")[0] in eigen), key=lambda f: f.__qualname__
    )


def _toont_streepjes(veld) -> bool:
    if type(veld.widget) is not forms.Select:
        return False
    if isinstance(veld, forms.ModelChoiceField):
        return veld.empty_label == "---------"
    return any(label == "---------" for _waarde, label in getattr(veld, "choices", []))


def test_every_project_form_with_a_dropdown_says_maak_een_keuze():
    """A form with a select list shows 'Maak een keuze', not Django's row of dashes: it must be
    built on SnelleKeuzelijsten (the partner's hours form once showed '---------')."""
    zonder = [
        f"{f.__module__}.{f.__qualname__}"
        for f in _project_formulieren()
        if not issubclass(f, SnelleKeuzelijsten)
        and any(_toont_streepjes(v) for v in f.base_fields.values())
    ]
    assert not zonder, zonder
