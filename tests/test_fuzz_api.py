"""schemathesis on the write API's OpenAPI description (``/openapi.json``, the ``/api/v1`` paths):
every generated request, sent with a contributor's token, gets no 5xx and an answer that
conforms to the documented schema where one is documented; a request the API refuses (4xx)
leaves the revision log exactly as it was, and a write it accepts adds revisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from iacoll.settings import Settings
from iacoll.web import form_footprint
from iacoll.web.api_body import MAX_DEPTH
from iacoll.web.form_fields import WIDGETS
from tests.fuzz_support import bounded
from tests.moderation_support import sign_in
from tests.write_side import AMP, AMP_SIREN, account_with_token, revisions, served, write_client

WRITES = {"POST", "PUT"}
EXAMPLES = 12  # per operation and generation mode


@pytest.fixture(scope="module")
def client(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with write_client(seed_settings, tmp_path_factory.mktemp("fuzz-api")) as client:
        yield client


@pytest.fixture(scope="module")
def amp_token(client: TestClient) -> str:
    return account_with_token(client, "agent@ampmetropole.fr", {AMP_SIREN: AMP})


@pytest.fixture(scope="module")
def base_url(client: TestClient) -> Iterator[str]:
    """The started app served on loopback (schemathesis's own ASGI client would start it
    a second time)."""
    with served(client.app) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def api_schema(client: TestClient) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(client.get("/openapi.json").json())
    return schema.include(path_regex="^/api/v1/")


def check(case: schemathesis.Case, client: TestClient, token: str, base_url: str) -> None:
    """Send ``case``; no 5xx, the documented status codes and schemas, and a refusal that
    changes nothing."""
    before = revisions(client)
    response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {token}"})
    case.validate_response(
        response,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
    after = revisions(client)
    if response.status_code >= 400 or case.method.upper() not in WRITES:
        assert after == before, (case.method, case.path, response.status_code)
    else:
        assert after[: len(before)] == before  # the log only grows


# The schemathesis pytest plugin (``@schema.parametrize()``) fails under pytest 9 (« 'Function'
# object has no attribute '_nodeid' »): the cases are drawn with Hypothesis directly.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_write_api_never_answers_5xx_and_refusals_change_nothing(
    api_schema: schemathesis.BaseSchema,
    client: TestClient,
    amp_token: str,
    base_url: str,
    mode: GenerationMode,
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "POST /api/v1/fiches",
        "PUT /api/v1/fiches/{kind}/{slug}",
    }
    tried = 0
    for operation in operations:

        @settings(bounded(EXAMPLES), suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            check(case, client, amp_token, base_url)

        try:
            run()
            tried += 1
        except Unsatisfiable:  # no invalid request to make (an operation without parameters)
            assert mode == GenerationMode.NEGATIVE
    assert tried >= len(operations) - 1


def test_json_nested_past_the_stack_is_a_400_not_a_500(client: TestClient, amp_token: str) -> None:
    """Failed before: ``[[[[…`` 100,000 deep raised RecursionError in the JSON parser (500)."""
    before = revisions(client)
    for body in (b"[" * 100_000, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)):
        response = client.post(
            "/api/v1/fiches",
            content=body,
            headers={"Authorization": f"Bearer {amp_token}", "Content-Type": "application/ld+json"},
        )
        assert response.status_code == 400, response.text
        assert f"plus de {MAX_DEPTH} tableaux ou objets" in response.json()["error"]
    assert revisions(client) == before


def test_upstream_fields_put_on_an_organisation_are_a_422(
    client: TestClient, amp_token: str
) -> None:
    """Failed before (found by schemathesis): ``NotARecordIri`` escaped as a 500."""
    before = revisions(client)
    response = client.put(
        "/api/v1/fiches/organisation/metropole-aix-marseille-provence",
        json={"nom_projet": "Callbot", "coll_nom": "Métropole Aix-Marseille-Provence"},
        headers={"Authorization": f"Bearer {amp_token}"},
    )
    assert response.status_code == 422, response.text
    assert "pas une organisation" in response.json()["problems"][0]["message_fr"]
    assert revisions(client) == before


# --- the contribution form (/publier) ----------------------------------------------------------

FORM_KEYS = sorted({*WIDGETS, *form_footprint.KEYS, "fiche", "base_number", "action"})
FORM_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            *["1e999999999", "NaN", "-0", "9" * 5000, "<script>x</script>", "\x00", "2,5", "‑1"],
            *["brouillon", "soumettre", "apercu", "organisation", AMP, "200054807", ""],
        ]
    ),
)


@pytest.fixture(scope="module")
def signed_in(client: TestClient) -> str:
    """``client`` signed in as a contributor of Aix-Marseille-Provence; the form's CSRF token."""
    sign_in(client, "agent-formulaire@ampmetropole.fr", "contributeur", [AMP])
    form = client.get("/publier/nouveau").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    return token.group(1)


@bounded(30)
@given(
    pairs=st.lists(st.tuples(st.sampled_from(FORM_KEYS), FORM_VALUES), max_size=12),
    organisation=st.sampled_from([AMP, "", "x", f"{AMP}/../bordeaux-metropole"]),
)
@example(pairs=[("base_number", "9" * 5000)], organisation=AMP)
@example(pairs=[(form_footprint.KEYS[0], "1e999999999")], organisation=AMP)
def test_arbitrary_form_pairs_are_a_4xx_in_french_or_a_draft(
    client: TestClient, signed_in: str, pairs: list[tuple[str, str]], organisation: str
) -> None:
    before = revisions(client)
    data = [*pairs, ("organisation", organisation), ("csrf", signed_in)]
    response = client.post("/publier", data=data, follow_redirects=False)  # type: ignore[arg-type]
    assert response.status_code in {200, 303, 403, 409, 422}, response.text[:2000]
    if response.status_code != 303:
        assert revisions(client) == before
        assert '<html lang="fr"' in response.text
    if response.status_code >= 400:
        assert 'role="alert"' in response.text  # the problems, said in French
