"""Layers point one way: building or writing the store never imports the web layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import iacoll.pages

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


def test_pages_import_nothing_of_the_web_layer() -> None:
    """``pages`` renders; ``web`` (accounts, forms, moderation) builds on it, not the reverse."""
    pages = Path(iacoll.pages.__file__).parent
    found = set()
    for module in sorted(pages.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found |= {f"{module.name}: {n}" for n in names if n.split(".")[:2] == ["iacoll", "web"]}
    assert found == set()
