"""Targets and satisfaction norms (monitor): added, changed and ended by whoever the rule
Recht.DOELEN_BEHEREN names (projectleider and beheerder), with history."""

import datetime

import pytest
from django.urls import reverse

from beheer.models import Wijziging
from loket.access import Recht, rollen_met
from loket.constants import Rol
from monitor.models import Doelstelling, DoelstellingHistorie


def test_the_rule_names_projectleider_and_beheerder():
    assert set(rollen_met(Recht.DOELEN_BEHEREN)) == {Rol.PROJECTLEIDER, Rol.BEHEERDER}


@pytest.mark.parametrize("wie", ["beheerder", "projectleider"])
def test_add_change_end_with_history(wie, request, client_as, loket, ander_loket):
    user = request.getfixturevalue(wie)
    c = client_as(user)
    url = reverse("monitor:doelstellingen")
    norm = {
        "indicator": "tevredenheid_klanten",
        "omschrijving": "norm",
        "startdatum": "2026-01-01",
        "einddatum": "2026-12-31",
        "streefwaarde": "6,8",  # Dutch input: "6.8" is refused as ambiguous (loket.invoer)
        "marge_pct": "10",
    }
    assert c.post(url, norm).status_code == 302
    doel = Doelstelling.objects.get(loket=loket)
    pagina = c.get(url, {"bewerk": doel.pk})
    assert pagina.context["bewerkt"] == doel
    assert c.post(url, {**norm, "doelstelling": doel.pk, "streefwaarde": "7"}).status_code == 302
    doel.refresh_from_db()
    assert doel.streefwaarde == 7 and Doelstelling.objects.count() == 1
    assert c.post(url, {"actie": "beeindigen", "doelstelling": doel.pk}).status_code == 302
    assert not Doelstelling.objects.filter(pk=doel.pk).exists()

    acties = list(
        Wijziging.objects.filter(onderwerp="doelstelling")
        .order_by("tijdstip", "id")
        .values_list("actie", "door_naam")
    )
    assert [a for a, _ in acties] == [
        "Doelstelling toegevoegd",
        "Doelstelling gewijzigd",
        "Doelstelling beëindigd",
    ]
    assert {d for _, d in acties} == {str(user)}
    gewijzigd = Wijziging.objects.get(actie="Doelstelling gewijzigd")
    assert "6.80 op 31-12-2026" in gewijzigd.oude_waarde and "7" in gewijzigd.nieuwe_waarde
    # The database keeps every version too (pghistory), with who did it.
    versies = DoelstellingHistorie.objects.filter(pgh_obj_id=doel.pk).order_by("pgh_id")
    assert [v.pgh_label for v in versies] == ["insert", "update", "delete"]
    assert all(v.pgh_context and v.pgh_context.metadata.get("user") == user.pk for v in versies)


def test_another_lokets_target_cannot_be_changed_or_ended(client_as, projectleider, ander_loket):
    vreemd = Doelstelling.objects.create(
        loket=ander_loket, indicator="nieuwe_klanten", startdatum=datetime.date(2026, 1, 1),
        einddatum=datetime.date(2026, 12, 31), streefwaarde=100,
    )  # fmt: skip
    c = client_as(projectleider)
    url = reverse("monitor:doelstellingen")
    assert c.get(url, {"bewerk": vreemd.pk}).context["bewerkt"] is None
    assert c.get(url, {"bewerk": "²"}).status_code == 200
    assert c.post(url, {"actie": "beeindigen", "doelstelling": vreemd.pk}).status_code == 404
    assert Doelstelling.objects.filter(pk=vreemd.pk).exists()
