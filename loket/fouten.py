"""The one domain error of the application."""

from django.core.exceptions import ValidationError


class DomeinFout(ValidationError):
    """A rule of the domain refused the action; the Dutch message can be shown as it is.

    Services raise it (or a subclass naming their area, e.g. trajecten's TrajectFout). It is a
    ValidationError, so a form takes it with `form.add_error(None, fout)` and code that already
    catches ValidationError keeps working; `str(fout)` is the message itself.
    """

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)
