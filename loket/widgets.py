"""A select that renders its options in Python.

Django renders every <option> through its own template include. On the list pages that was most
of the page's time: the trajectory filter (five selects, one with every begeleider of the loket)
took about 50 ms of a 100 ms page on the national data, which put the trajectory list at 1.55x
the admin changelist (bench/lijsten.py). The HTML is the same as Django's select.html and
select_option.html produce (tested against them)."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attributen(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: True gives a bare attribute, False leaves it out."""
    return mark_safe(  # noqa: S308 - joined from format_html parts
        "".join(
            format_html(" {}", naam) if waarde is True else format_html(' {}="{}"', naam, waarde)
            for naam, waarde in attrs.items()
            if waarde is not False
        )
    )


# Django's empty choice: a row of dashes says nothing to the user.
LEGE_KEUZE = "---------"
LEGE_KEUZE_TEKST = "Maak een keuze"


class SnelleSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        delen = [format_html('<select name="{}"{}>', widget["name"], _attributen(widget["attrs"]))]
        for groep, opties, _index in widget["optgroups"]:
            if groep:
                delen.append(format_html('<optgroup label="{}">', groep))
            delen.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(optie["value"]),
                    _attributen(optie["attrs"]),
                    LEGE_KEUZE_TEKST if optie["label"] == LEGE_KEUZE else optie["label"],
                )
                for optie in opties
            )
            if groep:
                delen.append("</optgroup>")
        delen.append("</select>")
        return mark_safe("\n".join(delen))  # noqa: S308 - every part went through format_html


class KeuzesInEenQuery(forms.models.ModelChoiceIterator):
    """A model choice list fetched with one plain query. Django's iterator() opens a server-side
    cursor for it (DECLARE ... WITH HOLD outside a transaction: extra round trips and a
    materialised result) to save memory on what is here a list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def verplicht_melding(veld: forms.Field) -> str:
    """A required field's message names the field ('Vul Voornaam in'), instead of Django's
    'Dit veld is verplicht.' that says nothing next to the error summary's link."""
    label = str(veld.label or "dit veld")
    if isinstance(veld, forms.ChoiceField | forms.ModelChoiceField):
        return f"Kies {label.lower() if label[1:].islower() else label}."
    if isinstance(veld, forms.BooleanField):
        return f"Vink '{label}' aan."
    return f"Vul {label.lower() if label[1:].islower() else label} in."


class SnelleKeuzelijsten:
    """Form mixin: every plain Select of the form renders as a SnelleSelect, and model choices
    come from one plain query. Querysets and choices set later in a subclass's __init__ reach
    the new widget (the field updates its widget's choices whenever they are set). A required
    field without a message of its own says which field is missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        standaard = forms.Field.default_error_messages["required"]
        for veld in self.fields.values():
            if veld.error_messages.get("required") == standaard:
                veld.error_messages["required"] = verplicht_melding(veld)
            if type(veld.widget) is forms.Select:
                oud = veld.widget
                veld.widget = SnelleSelect(attrs=oud.attrs)
                veld.widget.is_required = oud.is_required
                veld.widget.is_localized = oud.is_localized
                veld.widget.choices = oud.choices
            if isinstance(veld, forms.ModelChoiceField):
                veld.iterator = KeuzesInEenQuery
                veld.widget.choices = veld.choices
