"""Who may wait for a SPARQL worker, for how long, and where the wait happens.

A request waits for a worker on the event loop (an :class:`asyncio.Semaphore` of as many places
as workers), never in a thread: the server's thread pool stays free for the pages however many
queries are queued. The query then runs through a thread of the endpoint's own executor (one per
worker). One deadline covers the wait and the run: a query answered or stopped after
``timeout`` seconds in all. Each client (its address) has at most ``per_client`` queries
waiting or running; one more is answered 429 with ``Retry-After``, and so is any query once
``queue`` are waiting.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from iacoll.errors import IacollError, retry_later

T = TypeVar("T")


class TooManyQueries(IacollError):
    """A client over its share of the endpoint, or an endpoint whose queue is full."""

    status = 429


class Admission:
    """The places of one worker pool: ``workers`` at a time, ``per_client`` per client,
    ``queue`` waiting in all."""

    def __init__(self, workers: int, *, per_client: int, queue: int) -> None:
        self.workers, self.per_client, self.queue = workers, per_client, queue
        # One semaphore per event loop (a server has one; a test client may make several).
        self._places: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._places = weakref.WeakKeyDictionary()
        self._clients: Counter[str] = Counter()
        self._waiting = 0
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="sparql")

    async def run(self, client: str, deadline: float, call: Callable[[float], T]) -> T:
        """``call(seconds left)`` in a worker thread once a place is free, before ``deadline``
        (:func:`time.monotonic`); raises :class:`TooManyQueries` or the deadline's error."""
        self._admit(client)
        self._clients[client] += 1
        try:
            places = self._semaphore()
            self._waiting += 1
            try:
                await asyncio.wait_for(places.acquire(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                raise _expired() from None
            finally:
                self._waiting -= 1
            loop = asyncio.get_running_loop()
            left = deadline - time.monotonic()
            future = loop.run_in_executor(self._executor, call, left)
            # The place is given back when the worker is free, even if the client has gone.
            future.add_done_callback(lambda _: places.release())
            return await asyncio.shield(future)
        finally:
            self._clients[client] -= 1
            if not self._clients[client]:
                del self._clients[client]

    def _admit(self, client: str) -> None:
        if self._clients[client] >= self.per_client:
            if self.per_client == 1:
                raise _too_many(
                    "Vous avez déjà une requête SPARQL en cours : attendez sa réponse avant "
                    "d'en envoyer une autre.",
                    "You already have a SPARQL query in progress: wait for its answer before "
                    "sending another.",
                )
            raise _too_many(
                f"Vous avez déjà {self.per_client} requêtes SPARQL en cours : attendez leurs "
                "réponses avant d'en envoyer d'autres.",
                f"You already have {self.per_client} SPARQL queries in progress: wait for "
                "their answers before sending more.",
            )
        if self._waiting >= self.queue:
            raise _too_many(
                "Trop de requêtes SPARQL attendent déjà leur tour : réessayez dans quelques "
                "secondes.",
                "Too many SPARQL queries are already waiting: retry in a few seconds.",
            )

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._places:
            self._places[loop] = asyncio.Semaphore(self.workers)
        return self._places[loop]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _too_many(french: str, english: str) -> IacollError:
    return retry_later(TooManyQueries(french, detail=english), 429)


def _expired() -> IacollError:
    return retry_later(
        IacollError(
            "Le point d'accès est occupé et la requête n'a pas pu commencer avant la fin de sa "
            "durée maximale : réessayez dans quelques secondes.",
            detail="The endpoint is busy and the query could not start before its deadline: "
            "retry in a few seconds.",
        )
    )
