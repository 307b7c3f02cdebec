"""factory_boy factories shared by all tests. Every object belongs to one loket; pass loket= to
keep a test's objects together."""

import datetime
import itertools

import factory
from django.utils import timezone

from clients.constants import Dienst, Doelgroep, Hoofddoel, Kanaal, Opleidingsniveau, Verwijzer
from clients.models import Contactmoment, Intake, Klant, Werkgever, Werkgeverscontact
from loket.constants import OrganisatieType, Rol
from loket.models import Gemeente, Loket, Organisatie, Regio, User

_cbs = itertools.count(9000)


class RegioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regio

    naam = factory.Sequence(lambda n: f"Regio {n}")
    code = factory.Sequence(lambda n: f"R{n}")


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente

    regio = factory.SubFactory(RegioFactory)
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.LazyFunction(lambda: f"GM{next(_cbs):04d}")


class LoketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loket
        skip_postgeneration_save = True

    regio = factory.SubFactory(RegioFactory)
    naam = factory.Sequence(lambda n: f"Leerwerkloket {n}")
    code = factory.Sequence(lambda n: "L" + "".join(chr(65 + int(c)) for c in f"{n:03d}"))

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create:
            GemeenteFactory.create_batch(2, regio=self.regio)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    loket = factory.SubFactory(LoketFactory)
    naam = factory.Sequence(lambda n: f"Partner {n}")
    type = OrganisatieType.UWV


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    loket = factory.SubFactory(LoketFactory)
    rol = Rol.WERKCOACH
    password = factory.django.Password("Een-lang-testwachtwoord-1")
    # The role regio needs its region (a database check); no other role has one.
    regio = factory.Maybe(
        factory.LazyAttribute(lambda o: o.rol == Rol.REGIO),
        yes_declaration=factory.LazyAttribute(
            lambda o: o.loket.regio if o.loket else RegioFactory()
        ),
        no_declaration=None,
    )


class KlantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Klant

    loket = factory.SubFactory(LoketFactory)
    klantnummer = factory.Sequence(lambda n: f"TEST-2026-{n:06d}")
    voornaam = factory.Sequence(lambda n: f"Voornaam{n}")
    achternaam = factory.Sequence(lambda n: f"Achternaam{n}")
    geboortedatum = datetime.date(1990, 5, 17)
    postcode = "2011 AB"
    email = factory.Sequence(lambda n: f"klant{n}@example.org")
    doelgroep = Doelgroep.WW
    opleidingsniveau = Opleidingsniveau.MBO2
    startkwalificatie = True


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    klant = factory.SubFactory(KlantFactory)
    loket = factory.SelfAttribute("klant.loket")
    datum = factory.LazyFunction(timezone.localdate)
    kanaal = Kanaal.BEZOEK
    hoofddoel = Hoofddoel.SCHOLING
    verwijzer = Verwijzer.UWV
    werkcoach = factory.SubFactory(UserFactory, loket=factory.SelfAttribute("..loket"))


class ContactmomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contactmoment

    klant = factory.SubFactory(KlantFactory)
    loket = factory.SelfAttribute("klant.loket")
    datum = factory.LazyFunction(timezone.localdate)
    dienst = Dienst.INFORMATIE
    duur_minuten = 30
    medewerker = factory.SubFactory(UserFactory, loket=factory.SelfAttribute("..loket"))


class WerkgeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgever

    loket = factory.SubFactory(LoketFactory)
    naam = factory.Sequence(lambda n: f"Bedrijf {n} BV")
    kvk_nummer = factory.Sequence(lambda n: f"{10000000 + n}")
    erkend_leerbedrijf = True


class WerkgeverscontactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgeverscontact

    werkgever = factory.SubFactory(WerkgeverFactory)
    loket = factory.SelfAttribute("werkgever.loket")
    datum = factory.LazyFunction(timezone.localdate)
    soort = "bezoek"
    medewerker = factory.SubFactory(UserFactory, loket=factory.SelfAttribute("..loket"))


# CBS codes of test gemeenten: GM + 4 digits, so cycle through the 10,000 possible codes instead of
# counting past GM9999 in a long test session (each test only holds a few at a time).
_cbs = itertools.cycle([*range(9000, 10000), *range(0, 9000)])
