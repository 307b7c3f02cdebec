"""The SQL of the kept counts (ADR 0062): what one fact contributes, the triggers that append
those contributions as mutations, and the set-based rebuild. One definition of a contribution
serves the triggers and the rebuild, so they cannot disagree; the property test
(tests/monitor/test_telstand_eigenschappen.py) holds both against the recount in monitor/meting.py.

A contribution is a set of rows (loket_id, maand, bron, dimensie, waarde, aantal): the fact's
total (dimensie "") and one row per breakdown. Sources (bron):

  intake                       intakes; doelgroep, leeftijdsgroep, gemeente, verwijzer, kanaal, hoofddoel
  contact                      valid contacts (clients.selectors.geldige_contacten); dienst
  warm                         valid contacts with a warm hand-over; partner
  wgc, leerbanen, vacatures    employer contacts (a count, two sums); soort, partner
  traject|<g>|<naar>|<uitkomst> effective trajectory events (trajecten.selectors.
                               effectieve_gebeurtenissen); g = 1 for a sign-up (van_status "");
                               type, doelgroep, leeftijdsgroep, gemeente, aanbieder
  gestart|<type>               sign-ups per trajectory type; doelgroep, leeftijdsgroep, gemeente, aanbieder

gemeente, partner and aanbieder hold ids ("" = none); readers map them to names.
Dates of trajectory events are local days in Europe/Amsterdam, as in the recount.

The triggers are statement-level with transition tables: a COPY of 100,000 intakes appends its
grouped contribution in one INSERT, and an update that touches nothing counted appends nothing.
"""

TZ = "Europe/Amsterdam"
MUTATIE = "monitor_telstandmutatie"
TELSTAND = "monitor_telstand"
KOLOMMEN = "loket_id, maand, bron, dimensie, waarde, aantal"


def leeftijdsgroep(datum: str, geboortedatum: str) -> str:
    """clients/leeftijd.py's bands in SQL (the same bounds as leeftijdsgroep_sql)."""
    leeftijd = f"EXTRACT(YEAR FROM AGE({datum}, {geboortedatum}))"
    return (
        f"CASE WHEN {geboortedatum} IS NULL THEN '' WHEN {leeftijd} < 27 THEN '<27' "
        f"WHEN {leeftijd} < 45 THEN '27-44' ELSE '45+' END"
    )


def _id(kolom: str) -> str:
    return f"COALESCE({kolom}::text, '')"


# --- Contributions of a row set ----------------------------------------------------------------
# Each takes a SELECT that yields the columns it names plus `teken` (+1 or -1).


def intake_bijdrage(rijen: str) -> str:
    """rijen: loket_id, datum, kanaal, hoofddoel, verwijzer, doelgroep, geboortedatum,
    woongemeente_id, teken."""
    return f"""
    SELECT r.loket_id, date_trunc('month', r.datum)::date, 'intake', d.dimensie, d.waarde, r.teken
    FROM ({rijen}) r CROSS JOIN LATERAL (VALUES
        ('', ''), ('doelgroep', r.doelgroep),
        ('leeftijdsgroep', {leeftijdsgroep("r.datum", "r.geboortedatum")}),
        ('gemeente', {_id("r.woongemeente_id")}), ('verwijzer', r.verwijzer),
        ('kanaal', r.kanaal), ('hoofddoel', r.hoofddoel)) d(dimensie, waarde)"""


def contact_bijdrage(rijen: str) -> str:
    """rijen: loket_id, datum, dienst, warme_overdracht_naar_id, teken (valid contacts only)."""
    return f"""
    SELECT r.loket_id, date_trunc('month', r.datum)::date, d.bron, d.dimensie, d.waarde, r.teken
    FROM ({rijen}) r CROSS JOIN LATERAL (VALUES
        ('contact', '', ''), ('contact', 'dienst', r.dienst),
        (CASE WHEN r.warme_overdracht_naar_id IS NOT NULL THEN 'warm' END, 'partner',
         {_id("r.warme_overdracht_naar_id")})) d(bron, dimensie, waarde)
    WHERE d.bron IS NOT NULL"""


def werkgever_bijdrage(rijen: str) -> str:
    """rijen: loket_id, datum, soort, organisatie_id, leerbanen, vacatures, teken."""
    return f"""
    SELECT r.loket_id, date_trunc('month', r.datum)::date, b.bron, d.dimensie, d.waarde,
           r.teken * b.gewicht
    FROM ({rijen}) r
    CROSS JOIN LATERAL (VALUES ('wgc', 1), ('leerbanen', r.leerbanen),
        ('vacatures', r.vacatures)) b(bron, gewicht)
    CROSS JOIN LATERAL (VALUES ('', ''), ('soort', r.soort),
        ('partner', {_id("r.organisatie_id")})) d(dimensie, waarde)
    WHERE b.gewicht <> 0"""


def gebeurtenis_bijdrage(rijen: str) -> str:
    """rijen: loket_id, datum, van_status, naar_status, uitkomst, type, aanbieder_id, doelgroep,
    geboortedatum, woongemeente_id, teken (effective events only)."""
    dag = f"(r.datum AT TIME ZONE '{TZ}')::date"
    stap = "'traject|' || CASE WHEN r.van_status = '' THEN '1' ELSE '0' END || '|' || r.naar_status || '|' || r.uitkomst"
    gestart = "CASE WHEN r.van_status = '' THEN 'gestart|' || r.type END"
    groep = leeftijdsgroep(dag, "r.geboortedatum")
    return f"""
    SELECT r.loket_id, date_trunc('month', {dag})::date, d.bron, d.dimensie, d.waarde, r.teken
    FROM ({rijen}) r CROSS JOIN LATERAL (VALUES
        ({stap}, '', ''), ({stap}, 'type', r.type), ({stap}, 'doelgroep', r.doelgroep),
        ({stap}, 'leeftijdsgroep', {groep}),
        ({stap}, 'gemeente', {_id("r.woongemeente_id")}),
        ({stap}, 'aanbieder', {_id("r.aanbieder_id")}),
        ({gestart}, 'doelgroep', r.doelgroep), ({gestart}, 'leeftijdsgroep', {groep}),
        ({gestart}, 'gemeente', {_id("r.woongemeente_id")}),
        ({gestart}, 'aanbieder', {_id("r.aanbieder_id")})) d(bron, dimensie, waarde)
    WHERE d.bron IS NOT NULL"""


def opgeteld(*bijdragen: str, doel: str = MUTATIE) -> str:
    """Append the grouped sum of contributions to the mutation table (nothing when they cancel)."""
    alles = " UNION ALL ".join(bijdragen)
    return f"""
    INSERT INTO {doel} ({KOLOMMEN})
    SELECT b.loket_id, b.maand, b.bron, b.dimensie, b.waarde, sum(b.aantal)
    FROM ({alles}) b(loket_id, maand, bron, dimensie, waarde, aantal)
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(b.aantal) <> 0"""


# --- Row sets -----------------------------------------------------------------------------------

LEEG = "(SELECT * FROM {tabel} WHERE false)"  # a transition table the operation does not have


def _intakes(bron: str, teken: int) -> str:
    return f"""SELECT i.loket_id, i.datum, i.kanaal, i.hoofddoel, i.verwijzer, k.doelgroep,
        k.geboortedatum, k.woongemeente_id, {teken} AS teken
        FROM {bron} i JOIN clients_klant k ON k.id = i.klant_id"""


def _werkgeverscontacten(bron: str, teken: int) -> str:
    return f"""SELECT w.loket_id, w.datum, w.soort, w.organisatie_id, w.leerbanen, w.vacatures,
        {teken} AS teken FROM {bron} w"""


def _effect(tabel: str, oud: str, nieuw: str, geldig_rij: str, rijen) -> tuple[str, str]:
    """The change in contribution of a statement on an append-mostly table with corrections
    (contacts, trajectory events): the rows it touched and the rows they (used to) correct,
    counted as they are now (+1) and as they were before the statement (-1). `geldig_rij` is the
    row's own condition (e.g. not withdrawn), `rijen(bron, teken)` the row set of a source."""
    betrokken = f"""(SELECT n_.id FROM {nieuw} n_ UNION SELECT n_.corrigeert_id FROM {nieuw} n_
        UNION SELECT o_.id FROM {oud} o_ UNION SELECT o_.corrigeert_id FROM {oud} o_)"""
    nieuwe_ids = f"(SELECT n_.id FROM {nieuw} n_)"
    na = f"""(SELECT e.* FROM {tabel} e WHERE e.id IN {betrokken} AND {geldig_rij.format(r="e")}
        AND NOT EXISTS (SELECT 1 FROM {tabel} c WHERE c.corrigeert_id = e.id))"""
    # Before the statement: the table without its new rows, with its old ones.
    voor_tabel = f"""(SELECT e.* FROM {tabel} e WHERE e.id IN {betrokken}
        AND e.id NOT IN {nieuwe_ids}
        UNION ALL SELECT o.* FROM {oud} o WHERE o.id IN {betrokken})"""
    voor = f"""(SELECT v.* FROM {voor_tabel} v WHERE {geldig_rij.format(r="v")}
        AND NOT EXISTS (SELECT 1 FROM {tabel} c WHERE c.corrigeert_id = v.id
            AND c.id NOT IN {nieuwe_ids})
        AND NOT EXISTS (SELECT 1 FROM {oud} c WHERE c.corrigeert_id = v.id))"""
    return rijen(na, 1), rijen(voor, -1)


def _contacten(bron: str, teken: int) -> str:
    return f"""SELECT c.loket_id, c.datum, c.dienst, c.warme_overdracht_naar_id, {teken} AS teken
        FROM {bron} c"""


def _gebeurtenissen(bron: str, teken: int, traject: str = "t", klant: str = "k", joins="") -> str:
    joins = joins or (
        "JOIN trajecten_traject t ON t.id = e.traject_id JOIN clients_klant k ON k.id = t.klant_id"
    )
    return f"""SELECT e.loket_id, e.datum, e.van_status, e.naar_status, e.uitkomst, {traject}.type,
        {traject}.aanbieder_id, {klant}.doelgroep, {klant}.geboortedatum, {klant}.woongemeente_id,
        {teken} AS teken FROM {bron} e {joins}"""


GELDIG_CONTACT = "NOT {r}.ingetrokken"
GELDIG_GEBEURTENIS = "{r}.corrigeert_id IS NULL"

CONTACT = "clients_contactmoment"
GEBEURTENIS = "trajecten_trajectgebeurtenis"


def _effectief_nu(bron: str = GEBEURTENIS) -> str:
    return f"""(SELECT e.* FROM {bron} e WHERE e.corrigeert_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM {GEBEURTENIS} c WHERE c.corrigeert_id = e.id))"""


# --- Triggers -----------------------------------------------------------------------------------


def _body(tabel: str, op: str) -> str:
    """The trigger function's statement for `op` on `tabel` (transition tables oud / nieuw)."""
    oud = "oud" if op in ("UPDATE", "DELETE") else LEEG.format(tabel=tabel)
    nieuw = "nieuw" if op in ("INSERT", "UPDATE") else LEEG.format(tabel=tabel)
    if tabel == "clients_intake":
        return opgeteld(intake_bijdrage(_intakes(nieuw, 1)), intake_bijdrage(_intakes(oud, -1)))
    if tabel == "clients_werkgeverscontact":
        return opgeteld(
            werkgever_bijdrage(_werkgeverscontacten(nieuw, 1)),
            werkgever_bijdrage(_werkgeverscontacten(oud, -1)),
        )
    if tabel == CONTACT:
        plus, min_ = _effect(CONTACT, oud, nieuw, GELDIG_CONTACT, _contacten)
        return opgeteld(contact_bijdrage(plus), contact_bijdrage(min_))
    if tabel == GEBEURTENIS:
        plus, min_ = _effect(GEBEURTENIS, oud, nieuw, GELDIG_GEBEURTENIS, _gebeurtenissen)
        return opgeteld(gebeurtenis_bijdrage(plus), gebeurtenis_bijdrage(min_))
    if tabel == "clients_klant":  # UPDATE only: a new client has no facts, a used one is PROTECTed
        gewijzigd = """(SELECT o.id, o.doelgroep AS o_doelgroep, o.geboortedatum AS o_geboortedatum,
            o.woongemeente_id AS o_gemeente, n.doelgroep, n.geboortedatum, n.woongemeente_id
            FROM oud o JOIN nieuw n ON n.id = o.id
            WHERE (o.doelgroep, o.geboortedatum, o.woongemeente_id)
                IS DISTINCT FROM (n.doelgroep, n.geboortedatum, n.woongemeente_id))"""
        intakes = """SELECT i.loket_id, i.datum, i.kanaal, i.hoofddoel, i.verwijzer,
            {d}doelgroep AS doelgroep, {d}geboortedatum AS geboortedatum,
            {d}{g} AS woongemeente_id, {teken} AS teken
            FROM clients_intake i JOIN {gewijzigd} k ON k.id = i.klant_id"""
        gebeurtenissen = """SELECT e.loket_id, e.datum, e.van_status, e.naar_status, e.uitkomst,
            t.type, t.aanbieder_id, {d}doelgroep AS doelgroep, {d}geboortedatum AS geboortedatum,
            {d}{g} AS woongemeente_id, {teken} AS teken
            FROM {effectief} e JOIN trajecten_traject t ON t.id = e.traject_id
            JOIN {gewijzigd} k ON k.id = t.klant_id"""
        delen = []
        for d, g, teken in (("k.o_", "gemeente", -1), ("k.", "woongemeente_id", 1)):
            delen.append(
                intake_bijdrage(intakes.format(d=d, g=g, teken=teken, gewijzigd=gewijzigd))
            )
            delen.append(
                gebeurtenis_bijdrage(
                    gebeurtenissen.format(
                        d=d, g=g, teken=teken, gewijzigd=gewijzigd, effectief=_effectief_nu()
                    )
                )
            )
        return opgeteld(*delen)
    if tabel == "trajecten_traject":  # UPDATE only, as for clients
        gewijzigd = """(SELECT o.id, o.type AS o_type, o.aanbieder_id AS o_aanbieder,
            o.klant_id AS o_klant, n.type, n.aanbieder_id, n.klant_id
            FROM oud o JOIN nieuw n ON n.id = o.id
            WHERE (o.type, o.aanbieder_id, o.klant_id)
                IS DISTINCT FROM (n.type, n.aanbieder_id, n.klant_id))"""
        delen = []
        for p, aanbieder, klant, teken in (
            ("t.o_", "o_aanbieder", "o_klant", -1),
            ("t.", "aanbieder_id", "klant_id", 1),
        ):
            delen.append(
                gebeurtenis_bijdrage(
                    f"""SELECT e.loket_id, e.datum, e.van_status, e.naar_status, e.uitkomst,
                    {p}type AS type, t.{aanbieder} AS aanbieder_id, k.doelgroep, k.geboortedatum, k.woongemeente_id,
                    {teken} AS teken FROM {_effectief_nu()} e JOIN {gewijzigd} t
                    ON t.id = e.traject_id JOIN clients_klant k ON k.id = t.{klant}"""
                )
            )
        return opgeteld(*delen)
    raise ValueError(tabel)


TRIGGERS = {
    "clients_intake": ("INSERT", "UPDATE", "DELETE"),
    "clients_werkgeverscontact": ("INSERT", "UPDATE", "DELETE"),
    CONTACT: ("INSERT", "UPDATE", "DELETE"),
    GEBEURTENIS: ("INSERT", "UPDATE", "DELETE"),
    "clients_klant": ("UPDATE",),
    "trajecten_traject": ("UPDATE",),
}


def _naam(tabel: str, op: str) -> str:
    return f"telstand_{tabel.split('_', 1)[1]}_{op.lower()}"


def maak_triggers() -> str:
    """CREATE the trigger functions and triggers (a migration runs this)."""
    delen = []
    for tabel, ops in TRIGGERS.items():
        for op in ops:
            naam = _naam(tabel, op)
            referencing = {
                "INSERT": "NEW TABLE AS nieuw",
                "UPDATE": "OLD TABLE AS oud NEW TABLE AS nieuw",
                "DELETE": "OLD TABLE AS oud",
            }[op]
            delen.append(
                f"""CREATE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $telstand$
BEGIN
{_body(tabel, op)};
RETURN NULL;
END $telstand$;
CREATE TRIGGER {naam} AFTER {op} ON {tabel} REFERENCING {referencing}
FOR EACH STATEMENT EXECUTE FUNCTION {naam}();"""
            )
    return "\n".join(delen)


def verwijder_triggers() -> str:
    delen = []
    for tabel, ops in TRIGGERS.items():
        for op in ops:
            naam = _naam(tabel, op)
            delen.append(
                f"DROP TRIGGER IF EXISTS {naam} ON {tabel}; DROP FUNCTION IF EXISTS {naam}();"
            )
    return "\n".join(delen)


# --- Rebuild ------------------------------------------------------------------------------------


def herbereken() -> str:
    """Append the mutations that make kept + pending equal to the events of the loketten
    %(loketten)s (an array of ids): everything counted now, minus what is kept and pending. One
    statement, so one snapshot: a fact committed concurrently is either in both or in neither."""
    alle = "loket_id = ANY(%(loketten)s)"
    intakes = _intakes(f"(SELECT * FROM clients_intake WHERE {alle})", 1)
    werkgevers = _werkgeverscontacten(f"(SELECT * FROM clients_werkgeverscontact WHERE {alle})", 1)
    contacten = _contacten(
        f"""(SELECT * FROM {CONTACT} e WHERE {alle} AND NOT e.ingetrokken
        AND NOT EXISTS (SELECT 1 FROM {CONTACT} c WHERE c.corrigeert_id = e.id))""",
        1,
    )
    gebeurtenissen = _gebeurtenissen(
        _effectief_nu(f"(SELECT * FROM {GEBEURTENIS} WHERE {alle})"), 1
    )
    bestaand = f"""SELECT {KOLOMMEN.replace("aantal", "-aantal")} FROM {TELSTAND} WHERE {alle}
        UNION ALL SELECT {KOLOMMEN.replace("aantal", "-aantal")} FROM {MUTATIE} WHERE {alle}"""
    return opgeteld(
        intake_bijdrage(intakes),
        werkgever_bijdrage(werkgevers),
        contact_bijdrage(contacten),
        gebeurtenis_bijdrage(gebeurtenissen),
        bestaand,
    )


def compacteer() -> str:
    """Fold every visible mutation into the kept table in one statement (DELETE ... RETURNING
    into an upsert); run under the advisory lock of bijhouden.py."""
    return f"""
    WITH weg AS (DELETE FROM {MUTATIE} RETURNING {KOLOMMEN}),
    som AS (SELECT loket_id, maand, bron, dimensie, waarde, sum(aantal) AS aantal
            FROM weg GROUP BY 1, 2, 3, 4, 5)
    INSERT INTO {TELSTAND} ({KOLOMMEN}) SELECT {KOLOMMEN} FROM som
    ON CONFLICT (loket_id, maand, bron, dimensie, waarde)
    DO UPDATE SET aantal = {TELSTAND}.aantal + EXCLUDED.aantal"""


# --- Live contributions of the edge days ----------------------------------------------------------


def _in_randen(kolom: str) -> str:
    return f"({kolom} BETWEEN %(van1)s AND %(tot1)s OR {kolom} BETWEEN %(van2)s AND %(tot2)s)"


def _tijd_in_randen(kolom: str) -> str:
    """A timestamp on the local days of either span (index-friendly bounds, as the recount)."""
    delen = [
        f"({kolom} >= %(van{n})s::date::timestamp AT TIME ZONE '{TZ}' "
        f"AND {kolom} < (%(tot{n})s::date + 1)::timestamp AT TIME ZONE '{TZ}')"
        for n in (1, 2)
    ]
    return f"({delen[0]} OR {delen[1]})"


def randbijdragen() -> str:
    """The contributions of the facts dated in the spans [van1, tot1] and [van2, tot2] of the
    loketten %(loketten)s, computed from the events now (the days at the edges of a period that
    the kept months do not cover). The same definitions as the triggers, in one query."""
    alle = "loket_id = ANY(%(loketten)s)"
    intakes = _intakes(f"(SELECT * FROM clients_intake WHERE {alle} AND {_in_randen('datum')})", 1)
    werkgevers = _werkgeverscontacten(
        f"(SELECT * FROM clients_werkgeverscontact WHERE {alle} AND {_in_randen('datum')})", 1
    )
    contacten = _contacten(
        f"""(SELECT * FROM {CONTACT} e WHERE {alle} AND {_in_randen("e.datum")}
        AND NOT e.ingetrokken
        AND NOT EXISTS (SELECT 1 FROM {CONTACT} c WHERE c.corrigeert_id = e.id))""",
        1,
    )
    gebeurtenissen = _gebeurtenissen(
        _effectief_nu(f"(SELECT * FROM {GEBEURTENIS} WHERE {alle} AND {_tijd_in_randen('datum')})"),
        1,
    )
    return " UNION ALL ".join(
        [
            intake_bijdrage(intakes),
            werkgever_bijdrage(werkgevers),
            contact_bijdrage(contacten),
            gebeurtenis_bijdrage(gebeurtenissen),
        ]
    )
