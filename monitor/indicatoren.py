"""The indicators, defined once: code, Dutch name, definition text, unit, how the value and its
breakdowns follow from a Meting, and which records lie behind it. The dashboard, the xlsx export
and the PDF report all read this registry, so they cannot disagree."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from loket.geld import percentage
from trajecten.constants import Status, TrajectType, Uitkomst

from .constants import Eenheid
from .meting import Meting

TRAJECT_DIMENSIES = ("doelgroep", "leeftijdsgroep", "gemeente", "aanbieder")
DIMENSIE_NAMEN = {
    "doelgroep": "Doelgroep",
    "leeftijdsgroep": "Leeftijdsgroep",
    "gemeente": "Gemeente",
    "verwijzer": "Verwijzer",
    "kanaal": "Kanaal",
    "hoofddoel": "Hoofddoel",
    "aanbieder": "Aanbieder",
    "dienst": "Dienst",
    "partner": "Partner",
    "soort": "Soort contact",
    "type": "Type traject",
    "situatie": "Situatie nu",
    "respondent": "Respondent",
    "uitkomst": "Uitkomst terugmelding",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    naam: str
    definitie: str
    eenheid: str
    waarde: Callable[[Meting], int | Decimal | None]
    uitsplitsing: Callable[[Meting], dict[str, Counter]] = lambda m: {}
    # What a drill-down lists: "intakes", "contacten", "trajecten" or None (no records behind it).
    records: str | None = None
    # For trajectory indicators: the filter on events that defines the count.
    traject_filter: tuple[tuple[str, str], ...] = ()
    kern: bool = False
    # For an average or a share: the number of answers behind it (suppressed when small).
    basis: Callable[[Meting], int] | None = None

    @property
    def is_aantal(self) -> bool:
        return self.eenheid == Eenheid.AANTAL


def _traject(stadium: str | None = None, uitkomst: str | None = None, type_: str | None = None):
    """Value and breakdowns of a trajectory count: reaching a stage, ending with an outcome, or
    being signed up (gestart) for one type."""

    def cijfer(cijfers):
        if uitkomst:
            return cijfers.beeindigd[uitkomst]
        if stadium:
            return cijfers.bereikt[stadium]
        return cijfers.gestart

    def waarde(m: Meting) -> int:
        if type_:
            return cijfer(m.trajecten.uitsplitsing["type"].get(type_) or _leeg())
        return cijfer(m.trajecten.totaal)

    def uitsplitsing(m: Meting) -> dict[str, Counter]:
        if type_:  # signed up per type: the per-type breakdowns come from meting.gestart_per_type
            return {
                d: Counter(m.gestart_per_type.get(type_, {}).get(d, {})) for d in TRAJECT_DIMENSIES
            }
        return {
            d: Counter({w: cijfer(c) for w, c in m.trajecten.uitsplitsing[d].items() if cijfer(c)})
            for d in TRAJECT_DIMENSIES
        }

    return waarde, uitsplitsing


def _leeg():
    from trajecten.selectors import Cijfers

    return Cijfers()


def _telling(
    attr: str,
) -> tuple[Callable[[Meting], int], Callable[[Meting], dict[str, Counter]]]:
    return (lambda m: getattr(m, attr).totaal), (lambda m: dict(getattr(m, attr).uitsplitsing))


def _tevredenheid(soort: str):
    return lambda m: m.tevredenheid.get(soort, (None, 0))[0]


def _aantal_tevreden(soort: str):
    return lambda m: m.tevredenheid.get(soort, (None, 0))[1]


# "In werk or opleiding" six months after: these situations count as yes.
SITUATIE_JA = ("werk", "opleiding", "beide")


def _situatie_zes_maanden(m: Meting) -> Decimal | None:
    situaties = m.enquetes.situatie_zes_maanden
    totaal = sum(situaties.values())
    if not totaal:
        return None
    return percentage(sum(situaties[s] for s in SITUATIE_JA), totaal)


def _cofinanciering_pct(m: Meting):
    toets = m.financiering.normtoets
    return toets.gerealiseerd_pct if toets else None


def _traject_indicator(
    code, naam, definitie, *, stadium=None, uitkomst=None, type_=None, kern=False
):
    waarde, uitsplitsing = _traject(stadium=stadium, uitkomst=uitkomst, type_=type_)
    filters = []
    if type_:
        filters += [("gestart", "1"), ("type", type_)]
    if stadium:
        filters.append(("stadium", stadium))
    if uitkomst:
        filters.append(("uitkomst", uitkomst))
    return Indicator(
        code,
        naam,
        definitie,
        Eenheid.AANTAL,
        waarde,
        uitsplitsing,
        "trajecten",
        tuple(filters),
        kern,
    )


EVENT_REGEL = (
    " Geteld uit de trajectgebeurtenissen met een datum in de periode; een gecorrigeerde gebeurtenis "
    "en haar correctie tellen niet mee."
)

INDICATOREN: list[Indicator] = [
    Indicator(
        "nieuwe_klanten",
        "Nieuwe klanten (intakes)",
        "Aantal intakes met een intakedatum in de periode. Een klant die terugkomt en een nieuwe intake "
        "krijgt, telt opnieuw mee. Leeftijd op de intakedatum.",
        Eenheid.AANTAL,
        *_telling("intakes"),
        records="intakes",
        kern=True,
    ),
    Indicator(
        "contactmomenten",
        "Contactmomenten",
        "Aantal vastgelegde contactmomenten (diensten) met een datum in de periode, per dienst.",
        Eenheid.AANTAL,
        *_telling("contacten"),
        records="contacten",
    ),
    Indicator(
        "warme_overdrachten",
        "Warme overdrachten",
        "Contactmomenten in de periode waarbij de klant warm is overgedragen aan een partner.",
        Eenheid.AANTAL,
        *_telling("warme_overdrachten"),
        records="contacten",
    ),
    _traject_indicator(
        "evc_gestart",
        "EVC-trajecten gestart",
        "Aantal EVC-trajecten aangemeld (eerste gebeurtenis) in de periode." + EVENT_REGEL,
        type_=TrajectType.EVC,
        kern=True,
    ),
    _traject_indicator(
        "evc_certificaat",
        "EVC: ervaringscertificaat behaald",
        "Aantal EVC-trajecten dat in de periode het stadium 'ervaringscertificaat uitgereikt' bereikte."
        + EVENT_REGEL,
        stadium=Status.CERTIFICAAT,
        kern=True,
    ),
    _traject_indicator(
        "evc_afgebroken",
        "EVC afgebroken",
        "Aantal EVC-trajecten dat in de periode is afgebroken." + EVENT_REGEL,
        stadium=Status.AFGEBROKEN,
    ),
    _traject_indicator(
        "duaal_gestart_aangemeld",
        "Duale trajecten aangemeld",
        "Aantal duale (BBL) trajecten aangemeld in de periode." + EVENT_REGEL,
        type_=TrajectType.DUAAL,
    ),
    _traject_indicator(
        "duaal_geplaatst",
        "Duaal: geplaatst (praktijkovereenkomst)",
        "Aantal duale trajecten dat in de periode is geplaatst bij een erkend leerbedrijf."
        + EVENT_REGEL,
        stadium=Status.GEPLAATST,
        kern=True,
    ),
    _traject_indicator(
        "duaal_gestart",
        "Duaal: opleiding gestart",
        "Aantal duale trajecten waarvan de opleiding in de periode is gestart." + EVENT_REGEL,
        stadium=Status.GESTART,
    ),
    _traject_indicator(
        "duaal_diploma",
        "Duaal: diploma behaald",
        "Aantal duale trajecten dat in de periode met een diploma is afgesloten." + EVENT_REGEL,
        stadium=Status.DIPLOMA,
    ),
    _traject_indicator(
        "duaal_voortijdig_gestopt",
        "Duaal: voortijdig gestopt",
        "Aantal duale trajecten dat in de periode voortijdig is gestopt." + EVENT_REGEL,
        stadium=Status.VOORTIJDIG_GESTOPT,
    ),
    _traject_indicator(
        "startkwalificatie",
        "Startkwalificatie behaald",
        "Aantal trajecten dat in de periode eindigde met de uitkomst 'startkwalificatie behaald'."
        + EVENT_REGEL,
        uitkomst=Uitkomst.STARTKWALIFICATIE,
    ),
    _traject_indicator(
        "uitstroom_werk",
        "Uitstroom naar werk",
        "Aantal trajecten dat in de periode eindigde met de uitkomst 'uitstroom naar werk'."
        + EVENT_REGEL,
        uitkomst=Uitkomst.UITSTROOM_WERK,
    ),
    Indicator(
        "werkgeverscontacten",
        "Werkgeverscontacten",
        "Aantal bezoeken, telefoongesprekken en bijeenkomsten met werkgevers in de periode.",
        Eenheid.AANTAL,
        *_telling("werkgeverscontacten"),
    ),
    Indicator(
        "leerbanen",
        "Leerbanen geworven",
        "Som van de leerbanen die bij werkgeverscontacten in de periode zijn gevonden.",
        Eenheid.AANTAL,
        *_telling("leerbanen"),
        kern=True,
    ),
    Indicator(
        "tevredenheid_klanten",
        "Klanttevredenheid particulieren",
        "Gemiddeld rapportcijfer van particuliere klanten in de periode, gewogen naar het aantal "
        "respondenten per meting. Norm: 6,8.",
        Eenheid.CIJFER,
        _tevredenheid("klant"),
        kern=True,
        basis=_aantal_tevreden("klant"),
    ),
    Indicator(
        "tevredenheid_werkgevers",
        "Tevredenheid werkgevers",
        "Gemiddeld rapportcijfer van werkgevers in de periode, gewogen naar het aantal respondenten. "
        "Norm: 7,0.",
        Eenheid.CIJFER,
        _tevredenheid("werkgever"),
        basis=_aantal_tevreden("werkgever"),
    ),
    Indicator(
        "enquete_antwoorden",
        "Antwoorden op vervolgenquêtes",
        "Aantal ingevulde vervolgenquêtes (particulieren en werkgevers) met een antwoorddatum in de "
        "periode. Een antwoord blijft meetellen als de klant later is geanonimiseerd.",
        Eenheid.AANTAL,
        lambda m: sum(m.enquetes.antwoorden.values()),
        lambda m: {"respondent": Counter(m.enquetes.antwoorden)},
    ),
    Indicator(
        "respons_klanten",
        "Respons vervolgenquête particulieren",
        "Antwoorden van particulieren in de periode als percentage van de enquêteverzoeken die in "
        "de periode aan particulieren zijn verstuurd.",
        Eenheid.PROCENT,
        lambda m: m.enquetes.respons_pct("klant"),
        basis=lambda m: m.enquetes.verstuurd["klant"],
    ),
    Indicator(
        "respons_werkgevers",
        "Respons vervolgenquête werkgevers",
        "Antwoorden van werkgevers in de periode als percentage van de enquêteverzoeken die in de "
        "periode aan werkgevers zijn verstuurd.",
        Eenheid.PROCENT,
        lambda m: m.enquetes.respons_pct("werkgever"),
        basis=lambda m: m.enquetes.verstuurd["werkgever"],
    ),
    Indicator(
        "situatie_zes_maanden",
        "Situatie zes maanden na: werk of opleiding",
        "Van de particulieren die een vervolgenquête beantwoordden die zes maanden (182 dagen) of "
        "langer na hun intake of traject werd verstuurd: het percentage dat nu werkt, een "
        "opleiding volgt of beide. Antwoorddatum in de periode.",
        Eenheid.PROCENT,
        _situatie_zes_maanden,
        lambda m: {"situatie": Counter(m.enquetes.situatie_zes_maanden)},
        basis=lambda m: sum(m.enquetes.situatie_zes_maanden.values()),
    ),
    Indicator(
        "overdrachten_verstuurd",
        "Warme overdrachten aan partners",
        "Aantal warme overdrachten (met toestemming of wettelijke grondslag) dat in de periode aan "
        "een partnerorganisatie is verstuurd, per partner.",
        Eenheid.AANTAL,
        lambda m: m.overdrachten.verstuurd,
        lambda m: {"partner": Counter(m.overdrachten.per_partner)},
    ),
    Indicator(
        "overdrachten_binnen_termijn",
        "Overdrachten binnen de termijn teruggemeld",
        "Van de overdrachten die in de periode zijn verstuurd en niet zijn afgewezen, en waarvan "
        "de termijn is verstreken of die al zijn teruggemeld: het percentage dat uiterlijk op de "
        "termijndatum (standaard 10 werkdagen) door de partner is teruggemeld.",
        Eenheid.PROCENT,
        lambda m: m.overdrachten.binnen_termijn_pct,
        basis=lambda m: m.overdrachten.te_beoordelen,
    ),
    Indicator(
        "overdrachten_mediaan_dagen",
        "Doorlooptijd tot terugmelding (mediaan, dagen)",
        "Mediaan van het aantal kalenderdagen tussen het versturen van een overdracht en de "
        "terugmelding door de partner, over de terugmeldingen in de periode.",
        Eenheid.DAGEN,
        lambda m: m.overdrachten.mediaan_dagen,
        basis=lambda m: len(m.overdrachten.dagen_tot_terugmelding),
    ),
    Indicator(
        "overdrachten_teruggemeld",
        "Terugmeldingen van partners",
        "Aantal terugmeldingen van partners in de periode, per uitkomst (gestart met opleiding of "
        "traject, doorverwezen, geen passend aanbod, klant niet verschenen, anders).",
        Eenheid.AANTAL,
        lambda m: sum(m.overdrachten.uitkomsten.values()),
        lambda m: {"uitkomst": Counter(m.overdrachten.uitkomsten)},
    ),
    Indicator(
        "cofinanciering_pct",
        "Cofinanciering gerealiseerd (% van de normbasis)",
        "Gerealiseerde cofinanciering van de partners (geld en uren x tarief) in het jaar van de periode, "
        "als percentage van de normbasis die voor dat jaar geldt (rijksbijdrage of basisfinanciering).",
        Eenheid.PROCENT,
        _cofinanciering_pct,
        kern=True,
    ),
    Indicator(
        "budget_besteed_pct",
        "Budget besteed",
        "Geboekte uitgaven in het jaar van de periode als percentage van de begrote kosten.",
        Eenheid.PROCENT,
        lambda m: m.financiering.besteed_pct,
    ),
]

REGISTER: dict[str, Indicator] = {i.code: i for i in INDICATOREN}
KEUZES = [(i.code, i.naam) for i in INDICATOREN]
