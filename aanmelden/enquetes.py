"""Follow-up surveys: planning (which invitations are due), answering and opting out.

Planning is one INSERT ... SELECT per kind of event, ON CONFLICT DO NOTHING on (moment, event):
running it twice, or after a crash, plans nothing twice."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from clients.models import Intake, Werkgeverscontact
from trajecten.constants import EINDSTADIA
from trajecten.models import Traject, TrajectGebeurtenis

from .constants import Aanleiding, EnqueteSoort
from .models import EnqueteAfmelding, Enqueteantwoord, Enquetemoment, Enqueteverzoek
from .tokens import hash_email, hash_token, is_plausibel

# A moment that is switched on later does not invite everyone from years back: only events whose
# due date lies in the last VENSTER_DAGEN.
VENSTER_DAGEN = 14
HERINNERING_NA = datetime.timedelta(days=7)


class LinkOngeldig(Exception):
    """No survey has this link (404)."""


class LinkGebruikt(Exception):
    """The survey was answered already (410)."""


class LinkVerlopen(Exception):
    """The link has expired (410)."""


def _bronnen():
    """Per kind of event: FROM clause, loket, id, date, client, employer and extra condition."""
    tz = timezone.get_current_timezone_name()
    return {
        Aanleiding.INTAKE: (
            f"{Intake._meta.db_table} e",
            "e.loket_id",
            "e.id",
            "e.datum",
            "e.klant_id",
            "NULL::bigint",
            "TRUE",
            [],
        ),
        Aanleiding.WERKGEVERSCONTACT: (
            f"{Werkgeverscontact._meta.db_table} e",
            "e.loket_id",
            "e.id",
            "e.datum",
            "NULL::bigint",
            "e.werkgever_id",
            "TRUE",
            [],
        ),
        Aanleiding.TRAJECT_EINDE: (
            f"{TrajectGebeurtenis._meta.db_table} e JOIN {Traject._meta.db_table} t "
            "ON t.id = e.traject_id",
            "e.loket_id",
            "e.id",
            f"(e.datum AT TIME ZONE '{tz}')::date",
            "t.klant_id",
            "NULL::bigint",
            # An end stage that was not itself corrected away.
            "e.naar_status = ANY(%s) AND NOT EXISTS (SELECT 1 FROM "  # noqa: S608
            f"{TrajectGebeurtenis._meta.db_table} c WHERE c.corrigeert_id = e.id)",
            [sorted(EINDSTADIA)],
        ),
    }


def plan_enquetes(vandaag: datetime.date) -> int:
    """Create the invitations due today for every loket; returns how many were new."""
    nieuw = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for aanleiding, (
            bron,
            loket,
            id_,
            datum,
            klant,
            werkgever,
            extra,
            params,
        ) in _bronnen().items():
            soort = (
                EnqueteSoort.WERKGEVER
                if aanleiding == Aanleiding.WERKGEVERSCONTACT
                else EnqueteSoort.KLANT
            )
            cursor.execute(
                f"""
                INSERT INTO {Enqueteverzoek._meta.db_table}
                    (loket_id, moment_id, soort, aanleiding_id, aanleiding_datum, klant_id,
                     werkgever_id, token_hash, aangemaakt_op, overgeslagen)
                SELECT {loket}, m.id, %s, {id_}, {datum}, {klant}, {werkgever}, '', now(), ''
                FROM {bron}
                JOIN {Enquetemoment._meta.db_table} m
                  ON m.loket_id = {loket} AND m.actief AND m.aanleiding = %s
                WHERE {extra}
                  AND {datum} + m.dagen_na <= %s
                  AND {datum} + m.dagen_na > %s
                ON CONFLICT (moment_id, aanleiding_id) DO NOTHING
                """,  # noqa: S608 - table names come from model meta, values are parameters
                [
                    soort,
                    aanleiding,
                    *params,
                    vandaag,
                    vandaag - datetime.timedelta(days=VENSTER_DAGEN),
                ],
            )
            nieuw += cursor.rowcount
    return nieuw


def te_versturen() -> list[int]:
    return list(
        Enqueteverzoek.objects.alle_loketten(reden="enquetes versturen (beat)")
        .filter(verstuurd_op__isnull=True, overgeslagen="", beantwoord_op__isnull=True)
        .values_list("pk", flat=True)
    )


def te_herinneren(nu: datetime.datetime) -> list[int]:
    return list(
        Enqueteverzoek.objects.alle_loketten(reden="enquetes herinneren (beat)")
        .filter(
            verstuurd_op__lte=nu - HERINNERING_NA,
            herinnerd_op__isnull=True,
            beantwoord_op__isnull=True,
            overgeslagen="",
            verloopt_op__gt=nu,
        )
        .values_list("pk", flat=True)
    )


def zoek_verzoek(token: str, *, vergrendel: bool = False) -> Enqueteverzoek:
    """The invitation behind a link; raises LinkOngeldig / LinkGebruikt / LinkVerlopen."""
    if not is_plausibel(token):
        raise LinkOngeldig
    qs = Enqueteverzoek.objects.alle_loketten(reden="enquetelink (token)").select_related("loket")
    if vergrendel:
        qs = qs.select_for_update(of=("self",))
    verzoek = qs.filter(token_hash=hash_token(token)).first()
    if verzoek is None:
        raise LinkOngeldig
    if verzoek.beantwoord_op:
        raise LinkGebruikt
    if verzoek.verloopt_op is None or verzoek.verloopt_op <= timezone.now():
        raise LinkVerlopen
    return verzoek


@transaction.atomic
def beantwoord(*, token: str, score: int, situatie: str) -> Enqueteantwoord:
    """Store the answer as a fact and use up the link (the row lock makes a double submit wait and
    then find the link used)."""
    verzoek = zoek_verzoek(token, vergrendel=True)
    nu = timezone.now()
    antwoord = Enqueteantwoord.objects.create(
        loket_id=verzoek.loket_id,
        verzoek=verzoek,
        moment_id=verzoek.moment_id,
        aanleiding=verzoek.moment.aanleiding,
        dagen_na=verzoek.moment.dagen_na,
        soort=verzoek.soort,
        score=score,
        situatie=situatie if verzoek.soort == EnqueteSoort.KLANT else "",
        datum=timezone.localdate(nu),
    )
    verzoek.beantwoord_op = nu
    verzoek.save(update_fields=["beantwoord_op"])
    return antwoord


@transaction.atomic
def meld_af(*, token: str) -> None:
    """No more surveys to this address from this loket (also no reminder of this one)."""
    from .mail import _adres

    if not is_plausibel(token):
        raise LinkOngeldig
    verzoek = (
        Enqueteverzoek.objects.alle_loketten(reden="afmeldlink (token)")
        .select_for_update(of=("self",))
        .select_related("klant", "werkgever")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if verzoek is None:
        raise LinkOngeldig
    adres = _adres(verzoek)
    if adres:
        EnqueteAfmelding.objects.voor_loket(verzoek.loket_id).get_or_create(
            loket_id=verzoek.loket_id, email_hash=hash_email(adres)
        )
    if not verzoek.beantwoord_op:
        verzoek.overgeslagen = "afgemeld"
        verzoek.save(update_fields=["overgeslagen"])


def bestaat(token: str) -> bool:
    return (
        Enqueteverzoek.objects.alle_loketten(reden="enquetelink (token)")
        .filter(token_hash=hash_token(token))
        .exists()
    )
