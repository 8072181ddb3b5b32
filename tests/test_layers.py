"""Layers point one way: building or writing the store never imports the web layer."""

from __future__ import annotations

import subprocess
import sys

WEB = ("fastapi", "jinja2", "starlette")


def test_store_publishing_and_validation_import_no_web_module() -> None:
    probe = (
        "import sys\n"
        "import iacoll.store, iacoll.publishing, iacoll.validation, iacoll.derived\n"
        "import iacoll.snapshots, iacoll.catalogue, iacoll.downloads\n"
        f"print(sorted(m for m in {WEB!r} if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"
