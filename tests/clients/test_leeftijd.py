"""The one age-band definition (clients/leeftijd.py): Python (forms, client page) and SQL (the
monitor's counts) put every birth date in the same band, also on the birthdays that are bounds."""

import datetime

import pytest
from django.db.models import Value
from django.db.models.fields import DateField

from clients.constants import Leeftijdsgroep
from clients.leeftijd import Leeftijd, leeftijd_op, leeftijdsgroep, leeftijdsgroep_sql
from clients.models import Klant

from ..factories import KlantFactory, LoketFactory

PEILDATUM = datetime.date(2026, 3, 1)
# Around each bound: the day before the birthday, the birthday, the day after; and 29 February.
GEBOORTEDATA = [
    datetime.date(1999, 3, 2),  # 26 on the peildatum
    datetime.date(1999, 3, 1),  # 27 that day
    datetime.date(1981, 3, 2),  # 44
    datetime.date(1981, 3, 1),  # 45 that day
    datetime.date(2000, 2, 29),  # 26 (no 29 February in 2026)
    datetime.date(1980, 2, 29),  # 46
    None,
]


def test_python_bands_at_the_bounds():
    groepen = [
        leeftijdsgroep(leeftijd_op(g, PEILDATUM)) if g else leeftijdsgroep(None)
        for g in GEBOORTEDATA
    ]
    assert groepen == [
        Leeftijdsgroep.JONGEREN,
        Leeftijdsgroep.MIDDEN,
        Leeftijdsgroep.MIDDEN,
        Leeftijdsgroep.OUDEREN,
        Leeftijdsgroep.JONGEREN,
        Leeftijdsgroep.OUDEREN,
        None,
    ]


@pytest.mark.django_db
def test_sql_puts_every_client_in_the_same_band_as_python():
    loket = LoketFactory()
    klanten = [KlantFactory(loket=loket, geboortedatum=g) for g in GEBOORTEDATA]
    rijen = dict(
        Klant.objects.filter(pk__in=[k.pk for k in klanten])
        .alias(leeftijd=Leeftijd(Value(PEILDATUM, output_field=DateField()), "geboortedatum"))
        .annotate(groep=leeftijdsgroep_sql("leeftijd", "geboortedatum", onbekend="?"))
        .values_list("pk", "groep")
    )
    for klant in klanten:
        verwacht = klant.leeftijdsgroep_op(PEILDATUM) or "?"
        assert rijen[klant.pk] == verwacht, klant.geboortedatum
