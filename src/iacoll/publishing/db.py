"""The embedded SQL database of the write side (SQLite in WAL mode, through SQLAlchemy).

The revision log, the accounts and the moderators' queue live here; the Oxigraph stores are
projections of it. SQLite runs in WAL mode with ``synchronous=FULL``: a transaction that
returned is on disk, whatever happens to the process afterwards. The same models run on
PostgreSQL by setting ``IACOLL_DATABASE_URL``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from iacoll.publishing import schema
from iacoll.settings import Settings


class Base(DeclarativeBase):
    """Every table of the write side (revisions, accounts, queue) declares itself on this."""


def database_url(settings: Settings) -> str:
    """``IACOLL_DATABASE_URL``, or a SQLite file under the store folder."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{(settings.store_path / 'iacoll.sqlite3').resolve()}"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """One engine per process; ``with db.transaction() as session:`` commits or rolls back."""

    def __init__(self, settings: Settings) -> None:
        url = database_url(settings)
        if url.startswith("sqlite:///"):
            settings.store_path.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        schema.load()
        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed in one transaction when the block ends."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()
