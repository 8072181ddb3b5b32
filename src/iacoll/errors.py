"""The one exception hierarchy: each error carries an HTTP status and a message for the user."""

from __future__ import annotations

from pathlib import Path


class IacollError(Exception):
    """Base error. ``message`` is meant for the user; ``status`` is the HTTP status."""

    status = 500

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.headers: dict[str, str] = {}  # sent with the answer (e.g. Retry-After)


RETRY_AFTER = 5  # seconds, in the Retry-After header of an answer that asks to come back later


def retry_later(error: IacollError, status: int = 503) -> IacollError:
    """``error`` answered with ``status`` and a ``Retry-After`` header."""
    error.status = status
    error.headers = {"Retry-After": str(RETRY_AFTER)}
    return error


class UnreadableInput(IacollError):
    """A source file that cannot be read or parsed (``file:line:col`` when known)."""

    status = 400

    def __init__(
        self,
        path: Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        message_en: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.messages = {"fr": message, "en": message_en or message}
        super().__init__(f"{self.location}: {message}")

    def text(self, lang: str) -> str:
        """``file:line:col: message`` in ``lang`` (French when no English was given)."""
        return f"{self.location}: {self.messages.get(lang, self.messages['fr'])}"

    @property
    def location(self) -> str:
        """``file``, ``file:line`` or ``file:line:col``."""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)
