"""What the endpoint says when a worker cannot answer: time, memory, a crash, a full
endpoint (French first, English in ``detail``)."""

from __future__ import annotations

import signal

from iacoll.errors import IacollError, retry_later


class QueryFailed(IacollError):
    """A query the store rejected (syntax: 400) or could not answer (limits: 503)."""


def timed_out(seconds: float) -> QueryFailed:
    error = QueryFailed(
        f"La requête a dépassé la durée maximale ({seconds:g} s) et a été interrompue. "
        "Ajoutez des filtres ou une clause LIMIT.",
        detail=f"The query exceeded the time limit ({seconds:g} s) and was stopped.",
    )
    error.status = 503
    return error


def crashed(exitcode: int | None, memory_mb: int) -> QueryFailed:
    """What to say about a worker that died while answering (``exitcode`` < 0: a signal)."""
    if exitcode == -signal.SIGABRT:
        error = QueryFailed(
            f"La requête a probablement dépassé la mémoire allouée ({memory_mb} Mio) et a été "
            "interrompue. "
            "Ajoutez des filtres ou une clause LIMIT.",
            detail=f"The query probably exceeded the memory limit ({memory_mb} MiB) and was "
            "stopped.",
        )
        error.status = 503
        return error
    how = _death(exitcode)
    error = QueryFailed(
        f"Le processus qui évaluait la requête s'est arrêté ({how[0]}) : la requête n'a pas "
        "de réponse. Réessayez ; si l'erreur revient, signalez la requête aux mainteneurs.",
        detail=f"The process evaluating the query stopped ({how[1]}): no answer.",
    )
    error.status = 500
    return error


def _death(exitcode: int | None) -> tuple[str, str]:
    """How a worker died, in French and English."""
    if exitcode is None:
        return "cause inconnue", "unknown cause"
    if exitcode >= 0:
        return f"code de sortie {exitcode}", f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    if -exitcode == signal.SIGKILL:
        return (
            f"{name} : tué par le système, peut-être faute de mémoire",
            f"{name}: killed by the system, possibly out of memory",
        )
    return name, name


def busy() -> IacollError:
    return retry_later(
        QueryFailed(
            "Le point d'accès est occupé : réessayez dans quelques secondes.",
            detail="The endpoint is busy: retry in a few seconds.",
        )
    )


def spool_full() -> IacollError:
    """A large answer while the answers waiting to be sent already hold the spool's total."""
    return retry_later(
        QueryFailed(
            "Le serveur a déjà trop de réponses volumineuses en attente d'envoi : réessayez "
            "dans quelques secondes, ou ajoutez une clause LIMIT pour une réponse plus courte.",
            detail="The server already holds too many large answers waiting to be sent: retry "
            "in a few seconds, or add a LIMIT for a shorter answer.",
        )
    )


def crowded() -> IacollError:
    """A long query while the long places are taken by other long queries."""
    return retry_later(
        QueryFailed(
            "Le point d'accès est occupé par d'autres requêtes longues : celle-ci a été "
            "arrêtée pour laisser passer les requêtes courtes. Réessayez dans quelques "
            "secondes, ou ajoutez des filtres ou une clause LIMIT.",
            detail="The endpoint is busy with other long queries: this one was stopped so "
            "that short queries get through. Retry in a few seconds.",
        )
    )
