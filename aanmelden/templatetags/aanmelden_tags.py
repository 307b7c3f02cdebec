from django import template
from django.utils import timezone

from loket.access import Recht, mag
from loket.models import Verwerking

from ..audit import log_aanmeldingen
from ..selectors import afspraken_op

register = template.Library()


@register.inclusion_tag("aanmelden/_afspraken_vandaag.html", takes_context=True)
def afspraken_vandaag(context):
    """The start page block: the user's own appointments today (one query)."""
    request = context["request"]
    user = request.user
    if not mag(user, Recht.KLANTWERK):
        return {"tonen": False}
    afspraken = afspraken_op(user.loket, timezone.localdate(), werkcoach=user)
    log_aanmeldingen(request, Verwerking.Actie.BEKEKEN, "afspraken vandaag", afspraken)
    return {
        "tonen": True,
        "afspraken": afspraken,
        "momenten_beheren": mag(user, Recht.MONITOR_BEHEREN),
    }


@register.filter
def toegankelijk(field):
    """The field's widget with Bootstrap's class, aria-describedby (help text, error) and
    aria-invalid when it has an error."""
    attrs = {"class": "form-select" if field.widget_type == "select" else "form-control"}
    beschreven = []
    if field.help_text:
        beschreven.append(f"{field.auto_id}_hulp")
    if field.errors:
        beschreven.append(f"{field.auto_id}_fout")
        attrs["aria-invalid"] = "true"
        attrs["class"] += " is-invalid"
    if beschreven:
        attrs["aria-describedby"] = " ".join(beschreven)
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)
