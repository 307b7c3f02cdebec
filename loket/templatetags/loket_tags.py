from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.inclusion_tag("partials/foutoverzicht.html")
def foutoverzicht(*forms):
    """The error summary above a form: announced on load, each error linked to its field."""
    return {"forms_with_errors": [form for form in forms if form is not None and form.errors]}


@register.filter
def euro(value) -> str:
    """Dutch money format: € 182.400,00 (half-up to cents)."""
    if value is None or value == "":
        return "–"
    bedrag = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    teken = "-" if bedrag < 0 else ""
    heel, cent = f"{abs(bedrag):.2f}".split(".")
    heel = f"{int(heel):,}".replace(",", ".")
    return f"{teken}€ {heel},{cent}"
