"""Documents about a client: type by content, size limit, private storage, logged downloads,
removed on anonymisation."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from clients import documenten
from clients.models import Document
from clients.privacy import anonimiseer_klant
from loket.models import Verwerking

from ..conftest import login_met_tweede_factor
from ..factories import KlantFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    schrijver = PdfWriter()
    schrijver.add_blank_page(width=200, height=200)
    uit = io.BytesIO()
    schrijver.write(uit)
    return uit.getvalue()


def zip_bytes(delen: dict[str, bytes]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as archief:
        for naam, inhoud in delen.items():
            archief.writestr(naam, inhoud)
    return uit.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zip_bytes({"mimetype": documenten.ODT.encode(), "content.xml": b"<office/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def maak_document(klant, inhoud: bytes | None = None) -> Document:
    document = Document(
        loket_id=klant.loket_id,
        klant=klant,
        soort=Document.Soort.CV,
        bestandsnaam="cv.pdf",
        inhoudstype=documenten.PDF,
        grootte=len(inhoud or b"%PDF-1.4"),
        geupload_door=UserFactory(loket=klant.loket),
    )
    document.bestand.save("bestand.pdf", ContentFile(inhoud or pdf_bytes()), save=False)
    document.save()
    return document


@pytest.fixture(autouse=True)
def eigen_opslag(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "prive", "base_url": None},
        },
    }
    return tmp_path / "prive"


@pytest.mark.parametrize(
    ("naam", "inhoud", "type_"),
    [
        ("cv.pdf", pdf_bytes(), documenten.PDF),
        ("portfolio.docx", DOCX, documenten.DOCX),
        ("portfolio.odt", ODT, documenten.ODT),
        ("scan.png", PNG, documenten.PNG),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, documenten.JPEG),
    ],
)
def test_upload_and_logged_download(client, werkcoach, loket, eigen_opslag, naam, inhoud, type_):
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    upload = SimpleUploadedFile(naam, inhoud, content_type="application/octet-stream")
    response = client.post(
        reverse("clients:document_nieuw", args=[klant.pk]), {"soort": "cv", "bestand": upload}
    )
    assert response.status_code == 302
    document = Document.objects.get(klant=klant)
    assert (document.inhoudstype, document.bestandsnaam, document.grootte) == (
        type_,
        naam,
        len(inhoud),
    )
    # Stored on the private storage under a random name, not the uploaded one.
    assert (eigen_opslag / document.bestand.name).exists() and naam not in document.bestand.name

    assert naam in client.get(klant.get_absolute_url()).content.decode()
    download = client.get(reverse("clients:document", args=[klant.pk, document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == type_
    assert naam in download["Content-Disposition"]
    inhoud_terug = b"".join(download.streaming_content)
    assert inhoud_terug == inhoud
    if type_ == documenten.PDF:
        assert len(PdfReader(io.BytesIO(inhoud_terug)).pages) == 1
    assert Verwerking.objects.filter(
        klant_id=klant.pk, onderwerp="document gedownload: cv"
    ).exists()


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("cv.pdf", b"MZ\x90\x00 not a pdf at all"),  # a program named .pdf
        ("cv.docx", zip_bytes({"iets.txt": b"x"})),  # a zip, but no document
        ("cv.docx", b"PK\x03\x04 broken zip"),
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_is_judged_by_its_content(client, werkcoach, loket, naam, inhoud):
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    upload = SimpleUploadedFile(naam, inhoud, content_type="application/pdf")
    response = client.post(
        reverse("clients:document_nieuw", args=[klant.pk]), {"soort": "cv", "bestand": upload}
    )
    assert response.status_code == 400
    assert "Dit bestandstype wordt niet aangenomen" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(client, werkcoach, loket, monkeypatch):
    monkeypatch.setattr(documenten, "MAX_BYTES", 1024)
    klant = KlantFactory(loket=loket)
    login_met_tweede_factor(client, werkcoach)
    upload = SimpleUploadedFile("groot.pdf", b"%PDF-1.4" + b"0" * 2048)
    response = client.post(
        reverse("clients:document_nieuw", args=[klant.pk]), {"soort": "cv", "bestand": upload}
    )
    assert response.status_code == 400
    assert "te groot" in response.content.decode()


def test_another_lokets_document_is_not_found(client, werkcoach_elders, loket):
    document = maak_document(KlantFactory(loket=loket))
    login_met_tweede_factor(client, werkcoach_elders)
    url = reverse("clients:document", args=[document.klant_id, document.pk])
    assert client.get(url).status_code == 404


def test_anonymising_removes_files_and_rows(
    loket, eigen_opslag, django_capture_on_commit_callbacks
):
    klant = KlantFactory(loket=loket)
    document = maak_document(klant)
    pad = eigen_opslag / document.bestand.name
    assert pad.exists()
    with django_capture_on_commit_callbacks(execute=True):
        anonimiseer_klant(klant, reden="verzoek van de klant")
    assert not Document.objects.filter(klant=klant).exists()
    assert not pad.exists()
    assert not default_storage.exists(document.bestand.name)
