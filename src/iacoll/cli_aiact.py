"""``iacoll qualify [RECORD] [--answers FILE.json]``: the AI Act qualification of a record.

Exit codes: 0 qualified (a level, or outside the AI Act); 1 « à préciser » (an answer that
matters is « je ne sais pas » or missing: the output lists what to find out); 2 bad input (an
unknown record, an unreadable answers file, an unknown question or answer: ``file:field``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from iacoll import sources
from iacoll.aiact import load, qualify, questions_for, views
from iacoll.aiact.engine import BadAnswer
from iacoll.aiact.prefill import seed_record

EXIT_QUALIFIED, EXIT_TO_SETTLE, EXIT_BAD_INPUT = 0, 1, 2


@click.command("qualify")
@click.argument("record", required=False)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path),
    default=None,
    help='Réponses en JSON : {"question": "oui" | "non" | "nsp" | option}.',
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Dossier des fiches (data/ par défaut).",
)
def qualify_command(
    record: str | None, answers_file: Path | None, fmt: str, data_dir: Path | None
) -> None:
    """Qualifie un système d'IA au regard de l'AI Act (règlement (UE) 2024/1689).

    RECORD : le slug ou l'IRI d'une fiche (préremplit les réponses). Codes de sortie : 0
    qualifié, 1 « à préciser », 2 entrée invalide.
    """
    graph = None
    if record is not None:
        graph = seed_record(record, data_dir or sources.DATA_DIR)
        if graph is None:
            _bad(f"{record}: fiche introuvable dans {data_dir or sources.DATA_DIR}")
    given = _answers(answers_file) if answers_file else {}
    try:
        asked = questions_for(graph, given)
    except BadAnswer as exc:
        _bad(f"{answers_file}:{exc.field}: {exc.message_fr}")
    answers = {a.question.id: a.answer for a in asked if a.answer is not None and not a.moot}
    try:
        result = qualify(answers, load())
    except BadAnswer as exc:
        _bad(f"{answers_file}:{exc.field}: {exc.message_fr}")
    if fmt == "json":
        out = {"questions": views.asked_json(asked), "resultat": result.to_json("fr")}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(views.result_text(result, "fr"))
        if not result.settled:
            click.echo("Questions :\n" + views.asked_text(asked, "fr"))
    sys.exit(EXIT_QUALIFIED if result.settled else EXIT_TO_SETTLE)


def _answers(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _bad(f"{path}: réponses illisibles ({exc})")
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        _bad(f'{path}: un objet JSON {{"question": "réponse"}} est attendu')
    return {str(k): str(v) for k, v in data.items()}


def _bad(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)
