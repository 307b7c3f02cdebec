"""Factories of the trajecten app. TrajectFactory builds a trajectory in stage aangemeld with its
first event, as trajecten.services.start_traject would."""

import factory
from django.utils import timezone

from loket.constants import OrganisatieType
from trajecten.constants import Status, TrajectType
from trajecten.models import FinancieringsRegel, Kwalificatie, Traject, TrajectGebeurtenis

from ..factories import KlantFactory, OrganisatieFactory, UserFactory, WerkgeverFactory


class KwalificatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kwalificatie
        django_get_or_create = ["crebo"]

    crebo = factory.Sequence(lambda n: f"{25000 + n:05d}")
    naam = factory.Sequence(lambda n: f"Kwalificatie {n}")
    niveau = 3


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traject
        skip_postgeneration_save = True

    klant = factory.SubFactory(KlantFactory)
    loket = factory.SelfAttribute("klant.loket")
    type = TrajectType.EVC
    kwalificatie = factory.SubFactory(KwalificatieFactory)
    aanbieder = factory.SubFactory(
        OrganisatieFactory,
        loket=factory.SelfAttribute("..loket"),
        type=OrganisatieType.EVC_AANBIEDER,
    )
    begeleider = factory.SubFactory(UserFactory, loket=factory.SelfAttribute("..loket"))
    status_sinds = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def eerste_gebeurtenis(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TrajectGebeurtenis.objects.create(
                loket=self.loket,
                traject=self,
                van_status="",
                naar_status=Status.AANGEMELD,
                datum=self.status_sinds,
                geregistreerd_door=self.begeleider,
            )


class DuaalTrajectFactory(TrajectFactory):
    type = TrajectType.DUAAL
    aanbieder = factory.SubFactory(
        OrganisatieFactory, loket=factory.SelfAttribute("..loket"), type=OrganisatieType.ROC
    )
    leerbedrijf = factory.SubFactory(
        WerkgeverFactory, loket=factory.SelfAttribute("..loket"), erkend_leerbedrijf=True
    )


class FinancieringsRegelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancieringsRegel

    traject = factory.SubFactory(TrajectFactory)
    bron = "uwv"
    bedrag = "1000.00"
    status = "toegezegd"
