"""Server-side SVG charts, produced once and embedded both in the dashboard and in the PDF
(WeasyPrint runs no JavaScript). No style attributes (the CSP allows none): presentation attributes.
Every chart has a title and a description; the figures themselves are also in the tables next to it."""

import hashlib
from decimal import Decimal
from typing import TypeGuard
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from loket.geld import getal

BLAUW = "#154273"
LICHTBLAUW = "#8fb3d9"
GRIJS = "#6c757d"
KLEUR = {"groen": "#1a7f37", "oranje": "#b86e00", "rood": "#b42318"}
LETTER = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _svg(breedte: int, hoogte: int, titel: str, beschrijving: str, inhoud: list[str]) -> SafeString:
    # Ids unique per chart (several charts share a page), stable for the same content.
    sleutel = hashlib.sha1((titel + beschrijving).encode(), usedforsecurity=False).hexdigest()[:10]
    kop = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" width="{breedte}" '
        f'height="{hoogte}" role="img" aria-labelledby="t{sleutel} d{sleutel}" class="grafiek">'
        f'<title id="t{sleutel}">{escape(titel)}</title><desc id="d{sleutel}">{escape(beschrijving)}</desc>'
    )
    return mark_safe(kop + "".join(inhoud) + "</svg>")  # noqa: S308 - every text is escaped above


def _tekst(x, y, tekst, grootte=11, anker="start", kleur="#212529", gewicht="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{grootte}" text-anchor="{anker}" fill="{kleur}" '
        f'font-weight="{gewicht}" {LETTER}>{escape(str(tekst))}</text>'
    )


def _is_getal(waarde: object) -> TypeGuard[int | Decimal]:
    return isinstance(waarde, int | Decimal) and not isinstance(waarde, bool)


def _omschrijving(waarde) -> str:
    """A value in words for screen readers: a hidden count is never described as a number."""
    if _is_getal(waarde):
        return _getal(waarde)
    if waarde == "< 5":
        return "minder dan 5 (afgeschermd)"
    return "afgeschermd"


VERBORGEN_UITLEG = "Afgeschermde aantallen ('< 5' of '•') zijn niet getekend."


def _getal(waarde) -> str:
    return getal(waarde, 0) if isinstance(waarde, int | Decimal) else str(waarde)


def staafdiagram(titel: str, rijen: list[tuple[str, object]], breedte: int = 520) -> SafeString:
    """Horizontal bars (a breakdown, or a funnel of stages). Values may be a mark ('< 5', '•') for
    the stuurgroep: such a bar is not drawn, only the mark is written."""
    regel, links, rechts = 24, 250, 50
    hoogte = max(1, len(rijen)) * regel + 10
    getallen = [w for _, w in rijen if _is_getal(w)]
    grootste = max(getallen, default=0) or 1
    inhoud = []
    for i, (label, waarde) in enumerate(rijen):
        y = 5 + i * regel
        inhoud.append(_tekst(links - 6, y + 15, label[:40], anker="end"))
        if _is_getal(waarde):
            lengte = (breedte - links - rechts) * float(waarde) / float(grootste)
            inhoud.append(
                f'<rect x="{links}" y="{y + 3}" width="{lengte:.1f}" height="16" fill="{BLAUW}"/>'
            )
            inhoud.append(_tekst(links + lengte + 5, y + 15, _getal(waarde)))
        else:
            inhoud.append(_tekst(links + 4, y + 15, waarde, kleur=GRIJS))
    beschrijving = (
        "; ".join(f"{label}: {_omschrijving(waarde)}" for label, waarde in rijen) or "geen gegevens"
    )
    if any(not _is_getal(w) for _, w in rijen):
        beschrijving += ". " + VERBORGEN_UITLEG
    return _svg(breedte, hoogte, titel, beschrijving, inhoud)


def kwartaalstaven(
    titel: str, reeksen: dict[str, list], kwartalen: list[str], breedte: int = 560
) -> SafeString:
    """Grouped vertical bars: results per quarter for a few series. A hidden count (a mark) gets
    no bar, only its mark above the axis, and is described as hidden, never as a number."""
    hoogte, onder, links = 220, 40, 40
    kleuren = [BLAUW, LICHTBLAUW, "#e8a100", GRIJS]
    grootste = max((v for r in reeksen.values() for v in r if _is_getal(v)), default=0) or 1
    groepbreedte = (breedte - links - 10) / max(1, len(kwartalen))
    staaf = min(22, (groepbreedte - 8) / max(1, len(reeksen)))
    inhoud = [
        f'<line x1="{links}" y1="{hoogte - onder}" x2="{breedte - 5}" y2="{hoogte - onder}" stroke="{GRIJS}"/>'
    ]
    for k, kwartaal in enumerate(kwartalen):
        x0 = links + k * groepbreedte + 4
        for s, waarden in enumerate(reeksen.values()):
            waarde = waarden[k]
            x = x0 + s * staaf
            if not _is_getal(waarde):
                inhoud.append(
                    _tekst(x + staaf / 2 - 1, hoogte - onder - 3, waarde, 9, "middle", GRIJS)
                )
                continue
            h = (hoogte - onder - 20) * waarde / grootste
            inhoud.append(
                f'<rect x="{x:.1f}" y="{hoogte - onder - h:.1f}" width="{staaf - 2:.1f}" height="{h:.1f}" fill="{kleuren[s % 4]}"/>'
            )
            inhoud.append(
                _tekst(x + staaf / 2 - 1, hoogte - onder - h - 3, waarde, grootte=9, anker="middle")
            )
        inhoud.append(
            _tekst(
                x0 + groepbreedte / 2 - 4, hoogte - onder + 15, kwartaal, grootte=10, anker="middle"
            )
        )
    for s, naam in enumerate(reeksen):
        x = links + s * 150
        inhoud.append(
            f'<rect x="{x}" y="{hoogte - 14}" width="10" height="10" fill="{kleuren[s % 4]}"/>'
        )
        inhoud.append(_tekst(x + 14, hoogte - 5, naam, grootte=10))
    beschrijving = "; ".join(
        f"{naam}: "
        + ", ".join(f"{k} {_omschrijving(v)}" for k, v in zip(kwartalen, waarden, strict=True))
        for naam, waarden in reeksen.items()
    )
    if any(not _is_getal(v) for r in reeksen.values() for v in r):
        beschrijving += ". " + VERBORGEN_UITLEG
    return _svg(breedte, hoogte, titel, beschrijving, inhoud)


def voortgang(
    titel: str,
    *,
    streefwaarde: Decimal,
    verwacht: Decimal,
    waarde,
    prognose,
    kleur: str,
    start_label: str,
    eind_label: str,
    peil_label: str,
    fractie: Decimal,
    breedte: int = 360,
) -> SafeString:
    """Cumulative progress against the straight target line, with the forecast dashed."""
    hoogte, links, onder, boven = 170, 36, 30, 14
    schaal_max = float(max(streefwaarde, prognose or 0, Decimal(waarde or 0))) * 1.08 or 1
    w, h = breedte - links - 12, hoogte - onder - boven

    def punt(f, v):
        return links + w * float(f), boven + h - h * float(v) / schaal_max

    x0, y0 = punt(0, 0)
    x1, y1 = punt(1, streefwaarde)
    xp, yp = punt(fractie, waarde or 0)
    inhoud = [
        f'<line x1="{links}" y1="{boven + h}" x2="{links + w}" y2="{boven + h}" stroke="{GRIJS}"/>',
        f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{GRIJS}" stroke-width="2"/>',
        f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{xp:.1f}" y2="{yp:.1f}" stroke="{KLEUR[kleur]}" stroke-width="3"/>',
        f'<circle cx="{xp:.1f}" cy="{yp:.1f}" r="5" fill="{KLEUR[kleur]}"/>',
        _tekst(
            x1 - 2, y1 - 4, f"doel {_getal(streefwaarde)}", grootte=10, anker="end", kleur=GRIJS
        ),
        _tekst(xp + 7, yp + 4, _getal(waarde or 0), grootte=11, gewicht="bold"),
        _tekst(links, hoogte - 10, start_label, grootte=9, kleur=GRIJS),
        _tekst(links + w, hoogte - 10, eind_label, grootte=9, anker="end", kleur=GRIJS),
    ]
    if prognose is not None and fractie < 1:
        xq, yq = punt(1, prognose)
        inhoud.append(
            f'<line x1="{xp:.1f}" y1="{yp:.1f}" x2="{xq:.1f}" y2="{yq:.1f}" stroke="{KLEUR[kleur]}" stroke-dasharray="5 4"/>'
        )
    beschrijving = (
        f"Gerealiseerd {_getal(waarde or 0)} op {peil_label}; verwacht volgens de lijn {_getal(verwacht)}; "
        f"doel {_getal(streefwaarde)} op {eind_label}"
        + (f"; prognose {_getal(prognose)}" if prognose is not None else "")
    )
    return _svg(breedte, hoogte, titel, beschrijving, inhoud)
