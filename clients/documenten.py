"""Documents about a client: the type is read from the content (magic bytes), never from the
name or the browser's claim; a size limit; downloads are logged; anonymising removes them."""

import io
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from loket.access import Recht, RolVereistMixin
from loket.audit import log_verwerking
from loket.models import Verwerking

from .models import Document, Klant

MAX_BYTES = getattr(settings, "LOKET_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIE = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", ODT: "odt"}
TOEGESTAAN = "pdf, docx, odt, jpg of png"


def inhoudstype(bestand) -> str | None:
    """The file's type as its first bytes (and, for zip-based documents, its parts) show it."""
    bestand.seek(0)
    kop = bestand.read(8)
    bestand.seek(0)
    if kop.startswith(b"%PDF-"):
        return PDF
    if kop.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if kop.startswith(b"\xff\xd8\xff"):
        return JPEG
    if kop.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(bestand.read())) as archief:
                namen = set(archief.namelist())
                if "word/document.xml" in namen and "[Content_Types].xml" in namen:
                    return DOCX
                if "mimetype" in namen and archief.read("mimetype").strip() == ODT.encode():
                    return ODT
        except (zipfile.BadZipFile, KeyError, ValueError):
            return None
        finally:
            bestand.seek(0)
    return None


class DocumentForm(forms.Form):
    soort = forms.ChoiceField(
        label="Soort document",
        choices=[("", "Kies de soort"), *Document.Soort.choices],
        error_messages={"required": "Kies de soort document."},
    )
    bestand = forms.FileField(
        label="Bestand",
        help_text=f"Pdf, Word (docx), OpenDocument (odt), jpg of png; hoogstens "
        f"{MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={
            "required": "Kies het bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Kies een bestand.",
        },
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BYTES:
            raise ValidationError(
                f"Het bestand is te groot: hoogstens {MAX_BYTES // (1024 * 1024)} MB."
            )
        soort = inhoudstype(bestand)
        if soort is None:
            raise ValidationError(
                f"Dit bestandstype wordt niet aangenomen. Toegestaan: {TOEGESTAAN}."
            )
        bestand.inhoudstype = soort
        return bestand


@transaction.atomic
def bewaar_document(request, klant: Klant, soort: str, bestand) -> Document:
    document = Document(
        loket_id=klant.loket_id,
        klant=klant,
        soort=soort,
        bestandsnaam=bestand.name[-200:],
        inhoudstype=bestand.inhoudstype,
        grootte=bestand.size,
        geupload_door=request.user,
    )
    document.bestand.save(f"bestand.{EXTENSIE[bestand.inhoudstype]}", bestand, save=False)
    naam = document.bestand.name or ""
    try:
        document.save()
    except Exception:
        document.bestand.storage.delete(naam)  # no file without its row
        raise
    log_verwerking(
        request,
        Verwerking.Actie.AANGEMAAKT,
        f"document toegevoegd: {document.get_soort_display().lower()}",
        [klant.pk],
    )
    return document


def verwijder_documenten(klant: Klant) -> int:
    """Remove every document of a client, files and rows (anonymisation). The files go after
    the commit, so a rolled-back anonymisation keeps them."""
    documenten = Document.objects.voor_loket(klant.loket_id, klant=klant)
    namen = [d.bestand.name for d in documenten]
    documenten.delete()

    def weg():
        from django.core.files.storage import default_storage

        for naam in namen:
            default_storage.delete(naam)

    transaction.on_commit(weg)
    return len(namen)


class KlantDocumentMixin(RolVereistMixin, View):
    recht = Recht.KLANTWERK

    def get_klant(self) -> Klant:
        return get_object_or_404(
            Klant.objects.voor_loket(self.loket, geanonimiseerd_op__isnull=True),
            pk=self.kwargs["pk"],
        )


class DocumentUploadView(KlantDocumentMixin, View):
    def get(self, request, pk):
        return self.render(self.get_klant(), DocumentForm())

    def post(self, request, pk):
        klant = self.get_klant()
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(klant, form, status=400)
        bewaar_document(request, klant, form.cleaned_data["soort"], form.cleaned_data["bestand"])
        messages.success(request, "Het document is opgeslagen.")
        return redirect(klant)

    def render(self, klant, form, status=200):
        return render(
            self.request,
            "clients/document_form.html",
            {"form": form, "klant": klant},
            status=status,
        )


class DocumentDownloadView(KlantDocumentMixin, View):
    def get(self, request, pk, document_pk):
        klant = self.get_klant()
        document = get_object_or_404(
            Document.objects.voor_loket(self.loket, klant=klant), pk=document_pk
        )
        log_verwerking(
            request,
            Verwerking.Actie.BEKEKEN,
            f"document gedownload: {document.get_soort_display().lower()}",
            [klant.pk],
        )
        return FileResponse(
            document.bestand.open("rb"),
            as_attachment=True,
            filename=document.bestandsnaam,
            content_type=document.inhoudstype,
        )
