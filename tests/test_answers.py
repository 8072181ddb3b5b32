"""The caches that follow the store generation: a cache bounded in bytes keeps the most recently
used values under its limit, and every value goes when the generation moves."""

from __future__ import annotations

from pathlib import Path

from iacoll import generation
from iacoll.freshness import PerGeneration, Watch


def test_a_bounded_cache_drops_the_least_recently_used(tmp_path: Path) -> None:
    cache: PerGeneration[bytes] = PerGeneration(Watch(tmp_path), limit=10, weigh=len)
    for key in ("a", "b", "c"):
        cache.get(key, lambda: b"xxxx")  # 4 bytes each: the third pushes the first out
    assert len(cache) == 2 and cache.weight == 8
    cache.get("b", lambda: b"never built")  # "b" used: "c" is now the oldest
    cache.get("d", lambda: b"yyyy")
    assert cache.get("b", lambda: b"rebuilt") == b"xxxx"
    assert cache.get("c", lambda: b"rebuilt") == b"rebuilt"
    assert cache.get("huge", lambda: b"z" * 11) == b"z" * 11  # answered, not kept
    assert cache.get("huge", lambda: b"") == b"" and cache.weight <= 10


def test_a_new_generation_empties_it(tmp_path: Path) -> None:
    cache: PerGeneration[bytes] = PerGeneration(Watch(tmp_path), limit=100, weigh=len)
    cache.get("a", lambda: b"old")
    generation.advance(tmp_path, 1)
    assert cache.get("a", lambda: b"new") == b"new"
    assert cache.weight == 3 and len(cache) == 1
