"""Errors that carry a plain message for people and, where it applies, an HTTP status."""

from __future__ import annotations

from pathlib import Path


class LodError(Exception):
    """Base error: ``message`` is shown as is, ``status`` is used by the web layer."""

    status = 500

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


class SourceError(LodError):
    """A source file is missing or malformed; the message names file (and line:column)."""


class ValidationFailed(LodError):
    """The SHACL gate found violations; ``report`` is the readable report."""

    def __init__(self, report: str) -> None:
        super().__init__(report)
        self.report = report


class BadRequest(LodError):
    status = 400


class NotAcceptable(LodError):
    status = 406


class QueryTimeout(LodError):
    status = 503


class ResultTooLarge(LodError):
    status = 413


class ServerBusy(LodError):
    """Every query worker is taken (or the long-query lanes are): try again shortly."""

    status = 503
    retry_after = 2  # seconds, sent as Retry-After


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when inside it, else as it is."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
