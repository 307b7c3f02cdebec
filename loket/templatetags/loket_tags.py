from decimal import Decimal

from django import template
from django.forms import BaseForm

from loket.geld import als_euro, getal

register = template.Library()


@register.inclusion_tag("partials/foutoverzicht.html")
def foutoverzicht(*forms):
    """The error summary above a form: announced on load, each error linked to its field."""
    return {"forms_with_errors": [form for form in forms if form is not None and form.errors]}


@register.filter
def euro(value) -> str:
    """Dutch money format: € 182.400,00 (half-up to cents, by loket.geld)."""
    if value is None or value == "":
        return "–"
    return als_euro(Decimal(value))


@register.filter(name="getal")
def getal_filter(value, decimalen="2") -> str:
    """Dutch number: 1.234,50 (loket.geld). A negative argument drops trailing zeros, like
    floatformat: |getal:"-2" gives 12,5 and 400."""
    if value is None or value == "":
        return "–"
    try:
        aantal = int(decimalen)
        getal_waarde = Decimal(value)
    except (ValueError, ArithmeticError):
        return str(value)
    return getal(getal_waarde, abs(aantal), nullen_weg=aantal < 0)


@register.simple_tag(takes_context=True)
def fout_titel(context) -> str:
    """'Fout: ' before the page title when a form on the page has errors: the title is the first
    thing a screen reader announces, and the browser history keeps it."""
    for waarde in context.flatten().values():
        if isinstance(waarde, BaseForm) and waarde.is_bound and waarde.errors:
            return "Fout: "
    return ""
