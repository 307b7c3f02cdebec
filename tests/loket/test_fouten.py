"""One domain error type (loket.fouten.DomeinFout) for every service."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from clients.importeren.bestand import BestandOnleesbaar
from financiering import services as financiering
from financiering.constants import NormBasis
from loket.fouten import DomeinFout
from trajecten.services import TrajectFout


def test_domain_error_is_a_validation_error_whose_text_is_the_message():
    fout = DomeinFout("Het kwartaal is al afgesloten.")
    assert isinstance(fout, ValidationError)
    assert str(fout) == "Het kwartaal is al afgesloten."
    form = forms.Form(data={})
    form.is_valid()
    form.add_error(None, fout)
    assert form.non_field_errors() == ["Het kwartaal is al afgesloten."]


def test_every_service_area_raises_the_domain_error():
    assert issubclass(TrajectFout, DomeinFout)
    assert issubclass(BestandOnleesbaar, DomeinFout)


@pytest.mark.django_db
def test_the_ledger_refuses_with_the_domain_error(loket):
    begroting = financiering.haal_begroting(loket, 2026)
    with pytest.raises(DomeinFout, match="normpercentage"):
        financiering.stel_norm_in(begroting, percentage=Decimal(150), basis=NormBasis.values[0])
