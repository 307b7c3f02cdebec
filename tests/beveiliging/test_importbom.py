"""Issue 20, finding 5: a decompression bomb in the budget import (a small xlsx that unpacks to
gigabytes) is refused from the zip directory and a bounded read, quickly and in little memory,
before openpyxl parses anything."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from financiering.importeren import KOLOMMEN, MAX_UITGEPAKT, lees_bestand
from financiering.models import Boeking

GROOT = 512 * 1024 * 1024  # 512 MiB of spaces compresses to about 0.5 MB


def _sjabloon_onderdelen() -> dict[str, bytes]:
    boek = Workbook()
    boek.active.append(KOLOMMEN)
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    with zipfile.ZipFile(io.BytesIO(uitvoer.getvalue())) as archief:
        return {naam: archief.read(naam) for naam in archief.namelist()}


def bom(echte_grootte: int, gelogen_grootte: int | None = None) -> bytes:
    """A valid xlsx whose shared strings part unpacks to `echte_grootte` bytes. With
    `gelogen_grootte` the zip directory declares that size instead (a forged header)."""
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(uitvoer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archief:
        for naam, inhoud in _sjabloon_onderdelen().items():
            archief.writestr(naam, inhoud)
        with archief.open("xl/sharedStrings.xml", "w", force_zip64=True) as stroom:
            blok = b" " * (1024 * 1024)
            for _ in range(echte_grootte // len(blok)):
                stroom.write(blok)
    data = uitvoer.getvalue()
    if gelogen_grootte is not None:
        data = _vervals_groottes(data, echte_grootte, gelogen_grootte)
    return data


def _vervals_groottes(data: bytes, echt: int, gelogen: int) -> bytes:
    # The uncompressed size is recorded in the local header's zip64 field (8 bytes) and in the
    # central directory (4 bytes); replace both wherever the exact value appears.
    data = data.replace(echt.to_bytes(8, "little"), gelogen.to_bytes(8, "little"))
    return data.replace(echt.to_bytes(4, "little"), gelogen.to_bytes(4, "little"))


@pytest.fixture(scope="module")
def gigabyte_bom():
    return bom(GROOT)


def test_the_bomb_is_small_compressed_and_huge_declared(gigabyte_bom):
    assert len(gigabyte_bom) < 5 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(gigabyte_bom)) as archief:
        assert sum(i.file_size for i in archief.infolist()) >= GROOT


def test_bomb_is_refused_quickly_with_bounded_memory(gigabyte_bom):
    tracemalloc.start()
    begin = time.monotonic()
    with pytest.raises(ValueError, match="uitgepakt te groot"):
        lees_bestand("begroting.xlsx", gigabyte_bom)
    duur = time.monotonic() - begin
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert duur < 2, duur
    assert piek < 50 * 1024 * 1024, piek


def test_bomb_with_a_forged_directory_stops_at_the_limit():
    # Declares 1 kB per part, really unpacks to 64 MB: the bounded read stops at the limit.
    echt = 64 * 1024 * 1024
    data = bom(echt, gelogen_grootte=1024)
    with zipfile.ZipFile(io.BytesIO(data)) as archief:
        assert sum(i.file_size for i in archief.infolist()) < MAX_UITGEPAKT
    tracemalloc.start()
    begin = time.monotonic()
    with pytest.raises(ValueError):
        lees_bestand("begroting.xlsx", data)
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - begin < 5
    assert piek < 50 * 1024 * 1024, piek


def test_sheet_declaring_too_many_rows_is_refused_before_reading():
    boek = Workbook()
    blad = boek.active
    blad.append(KOLOMMEN)
    blad.cell(row=100_000, column=1, value="kosten")
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    with pytest.raises(ValueError, match="meer dan 500 regels"):
        lees_bestand("b.xlsx", uitvoer.getvalue())


def test_bomb_through_the_page_is_a_dutch_400_and_books_nothing(
    client_as, projectleider, gigabyte_bom
):
    begin = time.monotonic()
    response = client_as(projectleider).post(
        reverse("financiering:import", args=[2026]),
        {"bestand": SimpleUploadedFile("begroting.xlsx", gigabyte_bom), "datum": "2026-01-10"},
    )
    assert time.monotonic() - begin < 5
    assert response.status_code == 400
    assert "uitgepakt te groot" in response.content.decode()
    assert not Boeking.objects.exists()
