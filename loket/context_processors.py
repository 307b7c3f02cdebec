"""The navigation menu: what each role may open."""

from django.urls import reverse

from .constants import Rol

MENU = [
    ("Start", "start", None),
    ("Klanten", "clients:klant_list", {Rol.WERKCOACH, Rol.PROJECTLEIDER}),
    ("Nieuwe intake", "clients:intake", {Rol.WERKCOACH, Rol.PROJECTLEIDER}),
    ("Trajecten", "trajecten:list", {Rol.WERKCOACH, Rol.PROJECTLEIDER}),
    ("Werkgevers", "werkgevers:list", {Rol.WERKCOACH, Rol.PROJECTLEIDER}),
    ("Financiering", "financiering:index", {Rol.PROJECTLEIDER, Rol.BEHEERDER, Rol.STUURGROEP}),
    ("Monitor", "monitor:dashboard", {Rol.PROJECTLEIDER, Rol.STUURGROEP}),
    ("Verwerkingenlogging", "privacy:verwerkingen", {Rol.BEHEERDER}),
    ("Verwijderverzoek", "privacy:verwijderverzoek", {Rol.BEHEERDER}),
    ("Kwalificaties", "trajecten:kwalificaties", {Rol.BEHEERDER}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = []
    for label, url_name, rollen in MENU:
        if rollen is None or user.rol in rollen:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "actief": request.path == url})
    return {"menu": items}
