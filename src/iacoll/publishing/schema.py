"""The modules that declare tables on :class:`iacoll.publishing.db.Base`, imported together.

:class:`iacoll.publishing.db.Database` imports them before ``create_all`` so that every table
exists whichever part of the write side a process uses first.
"""

from __future__ import annotations

import importlib

TABLE_MODULES = (
    "iacoll.publishing.log",
    "iacoll.publishing.accounts",
    "iacoll.publishing.tokens",
    "iacoll.publishing.sessions",
    "iacoll.publishing.reports",
    "iacoll.publishing.uploads",
)


def load() -> None:
    """Import every module that declares tables."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
