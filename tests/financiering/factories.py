"""Factories of the ledger: a budget with lines. Amounts go through the services so every budget
line has its bookings, as in the application."""

from decimal import Decimal

import factory

from financiering.constants import Financieringssoort, Kostencategorie, NormBasis, Vorm
from financiering.models import Begroting, Financieringsbron, Kostenpost, Tarief

from ..factories import LoketFactory, OrganisatieFactory


class BegrotingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Begroting
        django_get_or_create = ("loket", "jaar")

    loket = factory.SubFactory(LoketFactory)
    jaar = 2026
    norm_percentage = Decimal("25.00")
    norm_basis = NormBasis.RIJKSBIJDRAGE


class KostenpostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kostenpost

    begroting = factory.SubFactory(BegrotingFactory)
    naam = factory.Sequence(lambda n: f"Kostenpost {n}")
    categorie = Kostencategorie.LOONKOSTEN


class FinancieringsbronFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financieringsbron

    begroting = factory.SubFactory(BegrotingFactory)
    naam = factory.Sequence(lambda n: f"Cofinanciering {n}")
    soort = Financieringssoort.COFINANCIERING
    organisatie = factory.SubFactory(
        OrganisatieFactory, loket=factory.SelfAttribute("..begroting.loket")
    )
    vorm = Vorm.IN_NATURA


class TariefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tarief

    loket = factory.SubFactory(LoketFactory)
    jaar = 2026
    rol = factory.Sequence(lambda n: f"Rol {n}")
    uurtarief = Decimal("62.50")
