"""Tenancy below the views (loket.scope): a query on a loket's data without a loket scope fails,
for every model that holds a loket's data; a scoped one works and sees only its loket(s)."""

import pytest
from django.apps import apps
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from clients.models import Intake, Klant
from financiering.models import Kostenpost
from loket.models import Loket, User
from loket.scope import (
    LoketGebonden,
    LoketQuerySet,
    OngescoptFout,
    strikte_loketscope,
    zonder_loketscope,
)

from ..factories import IntakeFactory, KlantFactory, UserFactory, WerkgeverFactory
from ..financiering.factories import BegrotingFactory, KostenpostFactory

# Models with a loket relation that are deliberately not scoped, and why.
UITZONDERINGEN = {
    # Logging in must find the user before any loket is known; regional, national and
    # installation roles have no loket; Django's auth backends query User themselves.
    User: "gebruikers: authenticatie",
}


def _relaties(model):
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


def _loketmodellen():
    """Every model with a loket FK, or reached through one (an FK to such a model). The user
    is not a way in: a row that only names who entered it is not the user's loket's data."""
    gevonden: set = set()
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        for model in apps.get_models():
            if model in gevonden or model in UITZONDERINGEN:
                continue
            doelen = {f.related_model for f in _relaties(model)} - set(UITZONDERINGEN)
            if Loket in doelen or doelen & gevonden:
                gevonden.add(model)
                gewijzigd = True
    return sorted(gevonden, key=lambda m: m._meta.label)


LOKETMODELLEN = _loketmodellen()


def _pad_eindigt_bij_loket(model) -> bool:
    huidig = model
    for deel in model.loket_pad.split("__"):
        huidig = huidig._meta.get_field(deel).related_model
    return huidig is Loket


def test_the_enumeration_finds_the_known_tenant_models():
    labels = {m._meta.label for m in LOKETMODELLEN}
    assert {
        "clients.Klant",
        "clients.KlantHistorie",
        "clients.Intake",
        "financiering.Kostenpost",
        "monitor.PrestatieStatus",
        "trajecten.FinancieringsRegel",
        "loket.Verwerking",
    } <= labels
    assert len(labels) >= 27


@pytest.mark.parametrize("model", LOKETMODELLEN, ids=lambda m: m._meta.label)
def test_every_model_with_a_loket_relation_uses_the_scoped_manager(model):
    assert isinstance(model._default_manager.all(), LoketQuerySet), model
    assert model._default_manager is model.objects
    assert _pad_eindigt_bij_loket(model), model.loket_pad
    if not model._meta.label.endswith("Historie"):
        assert issubclass(model, LoketGebonden)
    # Foreign keys, refresh_from_db, saves and the delete collector use the plain base manager.
    assert not isinstance(model._base_manager.all(), LoketQuerySet)


@pytest.mark.django_db
@pytest.mark.parametrize("model", LOKETMODELLEN, ids=lambda m: m._meta.label)
def test_an_unscoped_query_fails_and_a_scoped_one_works(model, loket, ander_loket):
    objects = model.objects
    with strikte_loketscope():
        for poging in (
            lambda: list(objects.all()),
            lambda: list(objects.filter(pk=1).values_list("pk", flat=True)),
            lambda: objects.count(),
            lambda: objects.exists(),
            lambda: objects.first(),
            lambda: objects.get(pk=1),
            lambda: objects.aggregate(n=Count("pk")),
            lambda: objects.in_bulk([1]),
            lambda: list(objects.iterator()),
            lambda: objects.filter(pk=0).update(pk=0),
            lambda: objects.filter(pk=0).delete(),
            lambda: get_object_or_404(model, pk=1),
        ):
            with pytest.raises(OngescoptFout, match=model.__name__):
                poging()
        assert objects.voor_loket(loket).count() == 0
        assert list(objects.voor_loket(loket.pk)) == []
        assert not objects.voor_loketten([loket, ander_loket]).exists()
        assert objects.alle_loketten(reden="test").filter(pk=0).count() == 0
        assert list(objects.none()) == []
        with pytest.raises(Http404):
            get_object_or_404(objects.voor_loket(loket), pk=0)


@pytest.mark.django_db
def test_scoped_queries_see_only_their_loket(loket, ander_loket):
    eigen, elders = KlantFactory(loket=loket), KlantFactory(loket=ander_loket)
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    KostenpostFactory(begroting=BegrotingFactory(loket=ander_loket, jaar=2026))
    with strikte_loketscope():
        assert list(Klant.objects.voor_loket(loket)) == [eigen]
        assert list(Klant.objects.voor_loket(loket, pk=eigen.pk)) == [eigen]
        assert not Klant.objects.voor_loket(loket, pk=elders.pk).exists()
        assert set(Klant.objects.voor_loketten([loket, ander_loket])) == {eigen, elders}
        assert Klant.objects.alle_loketten(reden="test").count() == 2
        # Through a relation: the path in loket_pad (begroting__loket).
        assert list(Kostenpost.objects.voor_loket(loket)) == [post]
        with pytest.raises(Http404):
            get_object_or_404(Klant.objects.voor_loket(loket), pk=elders.pk)
        with pytest.raises(OngescoptFout):
            Klant.objects.voor_loket(loket).union(Klant.objects.all())


@pytest.mark.django_db
def test_objects_reached_from_an_object_are_scoped_by_it(loket):
    klant = KlantFactory(loket=loket)
    intake = IntakeFactory(klant=klant)
    with strikte_loketscope():
        assert list(klant.intakes.all()) == [intake]  # related manager
        assert intake.klant == klant  # foreign key: the base manager
        intake.refresh_from_db()
        intake.save()
        geladen = Klant.objects.voor_loket(loket).prefetch_related("intakes").get()
        assert list(geladen.intakes.all()) == [intake]
        klant.intakes.update(notities="")


def test_the_scope_needs_a_loket_and_a_reason():
    with pytest.raises(OngescoptFout):
        Klant.objects.voor_loket(None)
    with pytest.raises(OngescoptFout):
        Klant.objects.voor_loketten(None)
    with pytest.raises(ValueError):
        Klant.objects.alle_loketten(reden=" ")
    with pytest.raises(TypeError):
        Klant.objects.alle_loketten()
    with pytest.raises(ValueError):
        with zonder_loketscope(""):
            pass


@pytest.mark.django_db
def test_unique_checks_of_forms_still_work(loket):
    """Django's own uniqueness checks query the default manager; they are allowed through."""
    from django.core.exceptions import ValidationError

    klant = KlantFactory(loket=loket)
    dubbel = Klant(
        loket=loket,
        klantnummer=klant.klantnummer,
        voornaam="A",
        achternaam="B",
        geboortedatum=klant.geboortedatum,
    )
    with strikte_loketscope(), pytest.raises(ValidationError) as fout:
        dubbel.validate_unique()
    assert "klantnummer" in fout.value.message_dict


@pytest.mark.django_db
def test_the_admin_sees_every_loket_for_superusers(client_as, loket, ander_loket):
    # Client data is not in the admin at all (clients/admin.py); the employer register is.
    WerkgeverFactory(loket=loket, naam="Eigenaar")
    WerkgeverFactory(loket=ander_loket, naam="Elders")
    beheer = UserFactory(loket=loket, is_staff=True, is_superuser=True)
    with strikte_loketscope():
        html = client_as(beheer).get(reverse("admin:clients_werkgever_changelist")).content.decode()
    assert "Eigenaar" in html and "Elders" in html


@pytest.mark.django_db
def test_application_code_is_never_exempt_even_in_tests(client_as, loket):
    """The allowance for a test's own queries stops where application code is on the stack:
    a view that forgot its scope fails inside the test client too."""
    from clients import selectors

    KlantFactory(loket=loket)
    gefilterd = Klant.objects.filter(loket=loket)  # filtered, but not through the scope
    with pytest.raises(OngescoptFout):
        selectors.met_laatste_intake(gefilterd)  # evaluated inside clients/selectors.py
    assert Intake.objects.count() == 0  # the test's own assertion may count a table
