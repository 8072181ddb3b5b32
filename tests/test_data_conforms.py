"""Every file under data/ conforms to the iacoll profile (validated together, once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacoll import sources
from iacoll.validation import Report, validate_paths

DATA_FILES = sorted(sources.rdf_files([sources.DATA_DIR]))


@pytest.fixture(scope="module")
def report() -> Report:
    return validate_paths([sources.DATA_DIR])


def test_there_are_data_files() -> None:
    assert len(DATA_FILES) >= 70


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(sources.DATA_DIR)))
def test_file_has_no_violation(report: Report, path: Path) -> None:
    violations = [
        f"{r.focus} {r.path}: {r.message('en')}"
        for r in report.results
        if r.severity == "violation" and r.file == path
    ]
    assert violations == []
    assert path in report.files


def test_every_violation_is_attributed_to_a_file(report: Report) -> None:
    assert [r for r in report.results if r.severity == "violation" and r.file is None] == []
