"""Form fields for numbers typed the Dutch way (ADR 0025): a text input with inputmode="decimal"
(a browser's <input type=number> reads "1250,50" by the browser's language, and an English one
sent 125050), read by loket.geld, with Dutch help texts and errors."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .geld import MAX_BEDRAG, MAX_TEKENS, GetalFout, getal, lees_getal


class DecimaalVeld(forms.Field):
    """A decimal number: hours, tariffs, scores, targets, percentages.

    Accepts the keyword arguments a model DecimalField gives its form field (max_digits,
    decimal_places), so it also serves as `field_classes` of a ModelForm."""

    widget = forms.TextInput
    voorbeeld = "12,5"
    default_error_messages = {"required": "Vul dit veld in."}

    def __init__(
        self,
        *,
        decimalen: int | None = None,
        min_waarde: Decimal | int | None = None,
        max_waarde: Decimal | int | None = None,
        voorbeeld: str | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs,
    ):
        kwargs.pop("localize", None)  # always Dutch, whatever the form asks
        self.decimalen = decimalen if decimalen is not None else (decimal_places or 0)
        if max_waarde is None and max_digits is not None:
            max_waarde = Decimal(10) ** (max_digits - self.decimalen) - Decimal(1).scaleb(
                -self.decimalen
            )
        self.min_waarde = Decimal(min_waarde) if min_waarde is not None else None
        self.max_waarde = Decimal(max_waarde) if max_waarde is not None else None
        self.voorbeeld = voorbeeld or self.voorbeeld
        if not kwargs.get("help_text"):
            kwargs["help_text"] = f"Met een komma voor decimalen, bijvoorbeeld {self.voorbeeld}."
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": str(MAX_TEKENS),
            }
        )
        return attrs

    def prepare_value(self, value):
        """A stored number shown in the input as the user would type it: 1250,5 / 400."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return getal(value, self.decimalen, groeperen=False, nullen_weg=value == int(value))
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return lees_getal(value, decimalen=self.decimalen)
        except GetalFout as fout:
            raise ValidationError(str(fout), code=fout.code) from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_waarde is not None and value < self.min_waarde:
            raise ValidationError(self.te_klein(), code="min_waarde")
        if self.max_waarde is not None and value > self.max_waarde:
            raise ValidationError(
                f"Vul hoogstens {getal(self.max_waarde, self.decimalen, nullen_weg=True)} in.",
                code="max_waarde",
            )

    def te_klein(self) -> str:
        return f"Vul {getal(self.min_waarde, self.decimalen, nullen_weg=True)} of meer in."

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


class BedragVeld(DecimaalVeld):
    """An amount in euros, in cents: "1.250,50", "1250,50", "€ 1250". Positive unless
    `min_waarde` says otherwise."""

    voorbeeld = "1.250,50"

    def __init__(self, *, min_waarde=Decimal("0.01"), max_waarde=MAX_BEDRAG, **kwargs):
        kwargs["decimalen"] = 2
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(min_waarde=min_waarde, max_waarde=max_waarde, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as fout:
            if fout.code == "decimalen":
                raise ValidationError(
                    "Een bedrag heeft hoogstens 2 decimalen (centen).", code="decimalen"
                ) from None
            raise

    def te_klein(self) -> str:
        if self.min_waarde == Decimal("0.01"):
            return "Vul een bedrag groter dan nul in."
        return f"Vul een bedrag van {getal(self.min_waarde)} of meer in."
