"""Numbers and q-values from requests are read within bounds (issue 14): a 5,000-digit
``?page=`` or ``Content-Length`` (more than Python converts: trap 10) is an out-of-range value,
never a 500; an ``Accept`` that refuses HTML with q=0 does not get HTML; ``q=nan`` is no
q-value."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from iacoll.numbers import BEYOND, whole

HUGE = "9" * 5000


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app, raise_server_exceptions=False)  # no lifespan: seed_app is shared


def test_whole_numbers_are_bounded_before_conversion() -> None:
    assert whole("12") == 12
    assert whole(" 007 ") == 7
    assert whole(HUGE) == BEYOND
    assert whole("0" * 5000 + "3") == 3
    assert [whole(text) for text in ("", "-1", "1e3", "١٢", "12a", "+5")] == [None] * 6


def test_a_huge_search_page_is_past_the_last_page(client: TestClient) -> None:
    answer = client.get(f"/recherche?page={HUGE}")
    assert answer.status_code == 200
    beyond = client.get(f"/recherche?page={BEYOND}").text
    # The same page; the 5,000 digits, longer than a link back may carry, are not echoed.
    assert HUGE not in answer.text
    assert _unpaged(answer.text) == _unpaged(beyond)


def _unpaged(page: str) -> str:
    """``page`` without the ``page`` parameter of its links back to itself."""
    return re.sub(r"\?page=\d+(&amp;|&)?", "?", page).replace('?"', '"')


def test_a_huge_catalogue_page_is_not_found(client: TestClient) -> None:
    answer = client.get(f"/catalogue.ttl?page={HUGE}", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert "Le catalogue n'a pas de page" in answer.text


def test_a_huge_feed_page_is_not_found(client: TestClient) -> None:
    answer = client.get(f"/flux/ldes/{HUGE}", headers={"Accept": "application/trig"})
    assert answer.status_code == 404


def test_a_huge_declared_length_is_refused_unread(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/fiches",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": HUGE},
    )
    assert answer.status_code in (401, 413)  # refused before anything is read, never a 500


def test_html_refused_with_q0_is_not_served(client: TestClient) -> None:
    record = "/id/cas-usage/amp-callbot-encombrants"
    answer = client.get(record, headers={"Accept": "text/html;q=0, */*;q=0.1"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    refused = client.get(record, headers={"Accept": "text/html;q=0"})
    assert refused.status_code == 406


def test_nan_is_no_q_value(client: TestClient) -> None:
    record = "/id/cas-usage/amp-callbot-encombrants"
    answer = client.get(record, headers={"Accept": "text/html;q=nan"})
    assert answer.status_code == 406
