"""The soak test (``make soak``, issue 14 item 7): the flood scenarios of the hardening issue
run together against ``iacoll serve`` for a few minutes while pages are timed, records are
published through the write API, and every public answer is searched for planted marks.

Not part of ``make test`` (a smoke run of a few seconds is: ``tests/test_soak.py``). Usage:
``python -m bench.soak [--duration 180] [--clients 60] [--store DIR]``; exit code 1 when a mark
leaked, the server or a worker crashed, or a committed record was lost.

Modules: :mod:`bench.soak.stage` (store, accounts, server process, memory of its process tree),
:mod:`bench.soak.floods` (the abusive clients), :mod:`bench.soak.writes` (publications, planted
marks, and the records-lost check), :mod:`bench.soak.tally` (what is counted, the summary).
"""
