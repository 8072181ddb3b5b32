"""Known vulnerabilities in the dependencies: ``pip-audit`` (Python, PyPI's advisory data) and
``npm audit`` (the front-end packages of the lock file), run by ``make test``.

A known vulnerability fails the run (exit 1) with the package, the advisory and the fixed
versions. When an advisory database cannot be reached (a machine that only sees a mirror of
PyPI or npm), that audit is skipped with the reason printed: it is not a pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BLOCKING = ("moderate", "high", "critical")  # npm severities that fail the run


@dataclass
class Verdict:
    """What one audit found: the vulnerabilities (one line each), or why it was skipped."""

    tool: str
    audited: int = 0
    findings: list[str] = field(default_factory=list)
    skipped: str = ""

    def line(self) -> str:
        if self.skipped:
            return f"{self.tool}: skipped — {self.skipped}"
        found = f"{len(self.findings)} known vulnerabilities"
        return f"{self.tool}: {self.audited} packages audited, {found}"


def pip_verdict(report: dict[str, Any]) -> Verdict:
    """The verdict on ``pip-audit -f json``: the packages audited, their advisories; skipped
    when no package could be looked up (the advisory service is out of reach)."""
    verdict = Verdict("pip-audit")
    dependencies = report.get("dependencies", [])
    looked_up = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not looked_up:
        verdict.skipped = "no package could be looked up: " + dependencies[0]["skip_reason"]
        return verdict
    verdict.audited = len(looked_up)
    for dep in looked_up:
        for vuln in dep.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
            verdict.findings.append(f"{dep['name']} {dep['version']}: {vuln['id']} ({fixed})")
    return verdict


def npm_verdict(report: dict[str, Any]) -> Verdict:
    """The verdict on ``npm audit --json``: the advisories of moderate severity or worse;
    skipped when the registry's audit endpoint answers with an error."""
    verdict = Verdict("npm audit")
    if "error" in report or "statusCode" in report:
        verdict.skipped = str(report.get("message") or report.get("error", {}).get("summary"))
        return verdict
    counts = report.get("metadata", {}).get("dependencies", {})
    verdict.audited = int(counts.get("total", 0))
    for name, vuln in sorted(report.get("vulnerabilities", {}).items()):
        if vuln.get("severity") in BLOCKING:
            fix = vuln.get("fixAvailable")
            verdict.findings.append(
                f"{name} {vuln.get('range', '')}: {vuln['severity']}"
                + (" (fix available)" if fix else " (no fix)")
            )
    return verdict


def _run(command: list[str]) -> dict[str, Any] | str:
    """The JSON a command prints, or why there is none."""
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{command[0]} did not run: {exc}"
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"{' '.join(command[:3])} gave no report: {last[:300]}"
    return found if isinstance(found, dict) else f"unexpected report: {done.stdout[:200]}"


def main() -> int:
    pip = [sys.executable, "-m", "pip_audit", "-f", "json", "--skip-editable"]
    pip += ["--progress-spinner", "off"]
    verdicts = []
    for tool, command, judge in (
        ("pip-audit", pip, pip_verdict),
        ("npm audit", ["npm", "audit", "--json"], npm_verdict),
    ):
        report = _run(command)
        verdicts.append(Verdict(tool, skipped=report) if isinstance(report, str) else judge(report))
    failed = False
    for verdict in verdicts:
        print(verdict.line())
        for finding in verdict.findings:
            print("  " + finding)
        failed = failed or bool(verdict.findings)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
