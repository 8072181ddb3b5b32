"""AI Act qualification: the rules as data (``aiact/*.toml``) and the engine that applies them.

A questionnaire (:func:`questions_for`, prefilled from what a record already says) gathers
answers; :func:`qualify` applies the decision table and returns a :class:`Result`: the risk
level as DPV ``eu-aiact`` IRIs (with the Annex clause), or « à préciser » with what to find out,
the reasoning in French and English citing the articles applied, and the obligations of a
public deployer with their dates of application. :meth:`Result.to_graph` gives the dated,
attributed ``iacoll:QualificationRisqueAIAct`` that the write path stores.
"""

from iacoll.aiact.engine import qualify
from iacoll.aiact.prefill import Asked, questions_for
from iacoll.aiact.result import Result
from iacoll.aiact.rules import Rulebook, RulebookError, load

__all__ = ["Asked", "Result", "Rulebook", "RulebookError", "load", "qualify", "questions_for"]
