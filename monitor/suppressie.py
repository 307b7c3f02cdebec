"""Small-cell suppression for everything the stuurgroep sees: counts from 1 to 4 are shown as
"< 5", and so is the next-smallest cell of a breakdown when only one cell would be hidden, so the
hidden one cannot be recomputed from the total minus the others."""

from .constants import KLEINSTE_CEL

VERBORGEN = "< 5"


def is_klein(aantal) -> bool:
    return isinstance(aantal, int) and 0 < aantal < KLEINSTE_CEL


def toon(aantal):
    return VERBORGEN if is_klein(aantal) else aantal


def onderdruk_uitsplitsing(cellen: dict[str, int], totaal: int) -> dict[str, object]:
    """The cells of one breakdown as shown to the stuurgroep, given that its total is shown."""
    verborgen = {k for k, v in cellen.items() if is_klein(v)}
    if is_klein(totaal):
        verborgen = {k for k, v in cellen.items() if v}
    elif len(verborgen) == 1:
        kandidaten = sorted((v, k) for k, v in cellen.items() if v and k not in verborgen)
        if kandidaten:
            verborgen.add(kandidaten[0][1])
    return {k: (VERBORGEN if k in verborgen else v) for k, v in cellen.items()}
