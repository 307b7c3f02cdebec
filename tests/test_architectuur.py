"""The shape of the code that docs/architectuur.md describes, checked from the source with ast:

- no import circle between the project's modules;
- the apps depend on each other in one direction only (the table below);
- no private name (leading underscore) is imported from another app.

Imports inside functions count like the ones at the top of a module: a function-level import is
a way to hide a circle from Python's import system, not to remove it (monitor.services used to
import monitor.tasks inside a function while monitor.tasks imported monitor.services). Only
imports under `if TYPE_CHECKING:` are left out: they never run.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "loket",
    "clients",
    "trajecten",
    "financiering",
    "aanmelden",
    "beheer",
    "overdrachten",
    "monitor",
)
# Which apps each app may import. monitor reads everything and nobody imports monitor.
MAG_IMPORTEREN = {
    "loket": set(),
    "clients": {"loket"},
    "trajecten": {"loket", "clients"},
    "financiering": {"loket", "clients", "trajecten"},
    # The client's own side: sign-up and surveys, on top of clients and trajecten.
    "aanmelden": {"loket", "clients", "trajecten"},
    # Users, invitations, settings, the change log: only the core. loket reads the per-loket
    # settings through the app registry (loket.instellingen), not by importing beheer.
    "beheer": {"loket"},
    # Warm hand-overs, consent and partner hours: on clients, trajecten (the work list's stalled
    # trajectories) and financiering (approved hours become bookings).
    "overdrachten": {"loket", "clients", "trajecten", "financiering"},
    "monitor": {
        "loket",
        "clients",
        "trajecten",
        "financiering",
        "aanmelden",
        "beheer",
        "overdrachten",
    },
}


@dataclass(frozen=True)
class Import:
    van: str  # importing module
    naar: str  # imported project module
    naam: str  # the name imported from it ("" for a plain import of the module)
    regel: int


def modules() -> dict[str, Path]:
    gevonden = {}
    for app in APPS:
        for pad in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in pad.parts:
                continue
            delen = pad.relative_to(ROOT).with_suffix("").parts
            if delen[-1] == "__init__":
                delen = delen[:-1]
            gevonden[".".join(delen)] = pad
    return gevonden


def _onder_type_checking(knoop: ast.If) -> bool:
    test = knoop.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_knopen(boom: ast.AST):
    """Every Import/ImportFrom node below `boom`, at any depth, except under `if TYPE_CHECKING:`."""
    for knoop in ast.iter_child_nodes(boom):
        if isinstance(knoop, ast.If) and _onder_type_checking(knoop):
            for anders in knoop.orelse:
                yield from _import_knopen_in(anders)
        else:
            yield from _import_knopen_in(knoop)


def _import_knopen_in(knoop: ast.AST):
    if isinstance(knoop, ast.Import | ast.ImportFrom):
        yield knoop
    else:
        yield from _import_knopen(knoop)


def imports(alle: dict[str, Path]) -> list[Import]:
    gevonden = []
    for module, pad in alle.items():
        is_pakket = pad.name == "__init__.py"
        for knoop in _import_knopen(ast.parse(pad.read_text(), filename=str(pad))):
            if isinstance(knoop, ast.Import):
                for alias in knoop.names:
                    if alias.name in alle:
                        gevonden.append(Import(module, alias.name, "", knoop.lineno))
                continue
            if knoop.level:
                pakket = module.split(".") if is_pakket else module.split(".")[:-1]
                basis = pakket[: len(pakket) - knoop.level + 1]
                bron = ".".join(basis + ([knoop.module] if knoop.module else []))
            else:
                bron = knoop.module or ""
            for alias in knoop.names:
                submodule = f"{bron}.{alias.name}"
                if submodule in alle:  # `from . import tasks`
                    gevonden.append(Import(module, submodule, "", knoop.lineno))
                elif bron in alle:
                    gevonden.append(Import(module, bron, alias.name, knoop.lineno))
    return gevonden


def kringen(randen: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each a circle."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(randen.get(v, ())):
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            groep = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                groep.append(w)
                if w == v:
                    break
            if len(groep) > 1 or v in randen.get(v, ()):
                uit.append(sorted(groep))

    for v in sorted(randen):
        if v not in index:
            bezoek(v)
    return uit


def app_van(module: str) -> str:
    return module.split(".", 1)[0]


ALLE = modules()
IMPORTS = imports(ALLE)


def test_the_walk_sees_the_project():
    """Guard against a walk that finds nothing and so can never fail."""
    assert {"loket.access", "clients.importeren.invoer", "monitor.tasks"} <= set(ALLE)
    assert any(i.van == "monitor.tasks" and i.naar == "monitor.services" for i in IMPORTS)
    # A function-level import is found too (monitor.apps imports the tasks in ready()).
    assert any(i.van == "monitor.apps" and i.naar == "monitor.tasks" for i in IMPORTS)


def test_no_import_circle_between_modules():
    randen: dict[str, set[str]] = {module: set() for module in ALLE}
    for imp in IMPORTS:
        if imp.naar != imp.van:
            randen[imp.van].add(imp.naar)
    assert kringen(randen) == []


def test_the_circle_finder_finds_a_circle():
    assert kringen({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_apps_depend_in_one_direction():
    verkeerd = sorted(
        f"{imp.van}:{imp.regel} importeert {imp.naar}"
        for imp in IMPORTS
        if app_van(imp.naar) != app_van(imp.van)
        and app_van(imp.naar) not in MAG_IMPORTEREN[app_van(imp.van)]
    )
    assert verkeerd == []


def test_no_private_name_crosses_an_app():
    privé = sorted(
        f"{imp.van}:{imp.regel} importeert {imp.naar}.{imp.naam}"
        for imp in IMPORTS
        if imp.naam.startswith("_") and app_van(imp.naar) != app_van(imp.van)
    )
    assert privé == []
