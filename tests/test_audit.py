"""The dependency audit of ``make test`` (``tools/audit.py``): what fails the run, and what is a
skip rather than a pass. The reports are in the JSON the tools print (pip-audit 2.x, npm 10's
audit report version 2)."""

from __future__ import annotations

from tools.audit import npm_verdict, pip_verdict

PIP_VULNERABLE = {
    "dependencies": [
        {
            "name": "jinja2",
            "version": "2.10",
            "vulns": [
                {
                    "id": "PYSEC-2019-217",
                    "fix_versions": ["2.10.1"],
                    "aliases": ["CVE-2019-10906"],
                    "description": "In Pallets Jinja before 2.10.1, str.format_map allows a "
                    "sandbox escape.",
                }
            ],
        },
        {"name": "rdflib", "version": "7.1.4", "vulns": []},
        {"name": "iacoll", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ],
    "fixes": [],
}
PIP_UNREACHABLE = {
    "dependencies": [
        {
            "name": "annotated-doc",
            "skip_reason": "Dependency not found on PyPI and could not be audited: "
            "annotated-doc (0.0.7)",
        },
        {"name": "rdflib", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ],
    "fixes": [],
}
NPM_VULNERABLE = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "minimist": {
            "name": "minimist",
            "severity": "critical",
            "isDirect": False,
            "via": [],
            "effects": [],
            "range": "<0.2.4",
            "nodes": ["node_modules/minimist"],
            "fixAvailable": True,
        },
        "debug": {"name": "debug", "severity": "low", "range": "<2.6.9", "fixAvailable": True},
    },
    "metadata": {
        "vulnerabilities": {"info": 0, "low": 1, "moderate": 0, "high": 0, "critical": 1},
        "dependencies": {"prod": 7, "dev": 0, "optional": 0, "peer": 0, "total": 7},
    },
}
NPM_UNREACHABLE = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/"
    "advisories/bulk",
    "method": "POST",
    "statusCode": 405,
    "body": "",
    "error": {"summary": "", "detail": ""},
}


def test_a_vulnerable_python_package_fails_with_its_advisory() -> None:
    verdict = pip_verdict(PIP_VULNERABLE)
    assert verdict.findings == ["jinja2 2.10: PYSEC-2019-217 (2.10.1)"]
    assert verdict.audited == 2 and not verdict.skipped
    assert verdict.line() == "pip-audit: 2 packages audited, 1 known vulnerabilities"


def test_no_package_looked_up_is_a_skip_not_a_pass() -> None:
    verdict = pip_verdict(PIP_UNREACHABLE)
    assert verdict.findings == [] and verdict.audited == 0
    assert verdict.line() == (
        "pip-audit: skipped — no package could be looked up: Dependency not found on PyPI "
        "and could not be audited: annotated-doc (0.0.7)"
    )


def test_npm_fails_on_moderate_or_worse_only() -> None:
    verdict = npm_verdict(NPM_VULNERABLE)
    assert verdict.findings == ["minimist <0.2.4: critical (fix available)"]
    assert verdict.audited == 7


def test_an_unreachable_npm_audit_endpoint_is_a_skip() -> None:
    verdict = npm_verdict(NPM_UNREACHABLE)
    assert verdict.findings == []
    assert verdict.skipped.startswith("405 Method Not Allowed - POST https://registry.npmjs.org/")
