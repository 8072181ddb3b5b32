"""Settings, declared once as typed data with a description each (env vars ``IACOLL_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from iacoll.namespaces import DEFAULT_BASE


def _setting(default: Any, description: str) -> Any:
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True)
class Settings:
    """Everything configurable. ``Settings.from_env()`` reads ``IACOLL_<NAME>`` variables."""

    base_iri: str = _setting(
        DEFAULT_BASE, "Base IRI of every IRI iacoll mints (ontology, vocabularies, records)."
    )
    store_path: Path = _setting(
        Path("var/store"),
        "Folder of the on-disk Oxigraph stores (built by `iacoll build`) and of the local state "
        "(SQLite log, marks, downloads, spool, snapshots); with IACOLL_STORE_URL, of the local "
        "state only.",
    )
    store_url: str = _setting(
        "",
        "URL of the SPARQL server that holds the public store (`--store http://…`), e.g. "
        "`http://localhost:7878` for `oxigraph serve`; empty: embedded Oxigraph stores in "
        "IACOLL_STORE_PATH. With a URL, IACOLL_STORE_PATH keeps the local state only (log, "
        "marks, downloads, spool).",
    )
    store_url_complet: str = _setting(
        "",
        "URL of a second SPARQL server that holds the complet store (restricted values "
        "included; `--store-complet`); required with IACOLL_STORE_URL, never the same server.",
    )
    store_query_path: str = _setting(
        "/query",
        "Path of the SPARQL query endpoint, after the URLs of IACOLL_STORE_URL and "
        "IACOLL_STORE_URL_COMPLET (Oxigraph, and Fuseki with the dataset in the URL "
        "`http://host:3030/DATASET`: `/query`; Virtuoso: `/sparql`).",
    )
    store_update_path: str = _setting(
        "/update",
        "Path of the SPARQL update endpoint (Oxigraph, Fuseki: `/update`; Virtuoso: `/sparql`, "
        "with SPARQL_UPDATE granted to its SPARQL account).",
    )
    store_graph_path: str = _setting(
        "/store",
        "Path of the Graph Store HTTP Protocol endpoint (Oxigraph: `/store`; Fuseki: `/data`; "
        "Virtuoso: `/sparql-graph-crud`).",
    )
    store_union: str = _setting(
        "oxigraph",
        "How a query over the union of the graphs is asked of the servers: `oxigraph` (the "
        "`union-default-graph` parameter), `graphs` (every named graph listed as "
        "`default-graph-uri`: any SPARQL 1.1 server) or `server` (the server's default graph is "
        "already the union: Virtuoso, Fuseki with `tdb2:unionDefaultGraph`).",
    )
    store_timeout: float = _setting(
        60.0, "Longest wait, in seconds, for one answer of the servers of IACOLL_STORE_URL."
    )
    data_path: Path = _setting(
        Path("data"),
        "Folder of the seed records (Turtle), relative to the working directory: they enter "
        "the revision log as their first revisions.",
    )
    database_url: str = _setting(
        "",
        "SQLAlchemy URL of the revision log and accounts database; empty: SQLite file "
        "`iacoll.sqlite3` in the store folder (WAL mode).",
    )
    secret_key: str = _setting(
        "",
        "Key that signs session cookies and CSRF tokens; empty: a random key kept in "
        "`secret.key` in the store folder.",
    )
    secure_cookies: str = _setting(
        "auto",
        "Secure flag of the session cookie: `auto` (set when the request came over HTTPS, "
        "including `X-Forwarded-Proto: https` from a trusted proxy), `yes` or `no`.",
    )
    hsts_max_age: int = _setting(
        0,
        "Strict-Transport-Security max-age in seconds, sent on HTTPS answers (including "
        "`X-Forwarded-Proto: https` from a trusted proxy); 0: no HSTS header (the default, "
        "since `make run` serves plain HTTP).",
    )
    oidc_issuer: str = _setting(
        "",
        "OpenID Connect provider (e.g. ProConnect): issuer URL, whose "
        "`/.well-known/openid-configuration` is read; empty: no OIDC sign-in.",
    )
    oidc_client_id: str = _setting("", "Client ID iacoll is registered under at the provider.")
    oidc_client_secret: str = _setting("", "Client secret that goes with IACOLL_OIDC_CLIENT_ID.")
    oidc_scopes: str = _setting(
        "openid email profile",
        "Scopes asked of the OpenID Connect provider (ProConnect: `openid email uid "
        "given_name usual_name siret`).",
    )
    oidc_label: str = _setting(
        "ProConnect", "Name of the OpenID Connect provider on the sign-in button."
    )
    host: str = _setting("127.0.0.1", "Interface the server listens on.")
    port: int = _setting(8000, "Port the server listens on.")
    query_timeout: float = _setting(
        10.0, "Wall-clock limit of one public SPARQL query, in seconds."
    )
    query_memory_mb: int = _setting(
        1024,
        "Memory one public SPARQL query may take, in MiB: the address space its worker process "
        "may map beyond what it maps with the store open.",
    )
    query_max_rows: int = _setting(
        10000, "Most results (rows or triples) one public SPARQL query may return."
    )
    query_workers: int = _setting(2, "Number of SPARQL worker processes.")
    validation_workers: int = _setting(
        0,
        "Processes that validate a call of more than 50 records (an import, a large upload), "
        "the writing process included: 0 one per core, 1 only the writing process (each other "
        "one, started at the first such call, stays and holds about 200 MB).",
    )
    query_short: float = _setting(
        0.5,
        "Seconds after which a public SPARQL query counts as long: long queries share all "
        "workers but one, so a short query always finds a worker within this time (a long "
        "query arriving when those places are taken is stopped with 503 and Retry-After).",
    )
    query_per_client: int = _setting(
        4, "Public SPARQL queries one client address may have waiting or running (more: 429)."
    )
    query_queue: int = _setting(
        64, "Public SPARQL queries that may wait for a worker in all (more: 429)."
    )
    query_answer_mb: int = _setting(
        100,
        "Largest answer of one public SPARQL query, serialised, in MB (more: 400, « ajoutez une "
        "clause LIMIT »). Answers past 64 KiB are written to a file of `spool/` in the store "
        "folder and streamed from it.",
    )
    query_spool_mb: int = _setting(
        1000,
        "Bytes, in MB, that the answer files waiting to be sent (or being sent) may hold in "
        "all; one more large answer: 503 with Retry-After.",
    )
    memory_budget_mb: int = _setting(
        0,
        "Resident memory, in MiB, that the server's whole process tree (the server and its "
        "SPARQL workers) should stay under, checked by tests/test_memory_budget.py under a "
        "flood; 0: 512 for the server plus IACOLL_QUERY_MEMORY_MB for each worker (the public "
        "ones and the members' one).",
    )
    tile_url: str = _setting(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Map tile URL template (Leaflet); the points stay listed when tiles are unreachable.",
    )
    tile_attribution: str = _setting(
        '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "Attribution (HTML) shown on the map for the tiles of IACOLL_TILE_URL.",
    )
    upload_max_mb: int = _setting(
        10,
        "Largest body the write API and the file upload (/publier/fichier) accept, in MB: "
        "a larger one is refused (413) before it is read.",
    )
    catalogue_page_size: int = _setting(
        20,
        "Entries per page of the DCAT-AP catalogue (/catalogue, Hydra paging): "
        "the register, then the records.",
    )

    contact_email: str = _setting(
        "",
        "Address that reaches the moderators, shown on the Contact, legal notice and "
        "accessibility pages; empty: they point to « Signaler une erreur » and the publication "
        "form instead.",
    )
    publisher_name: str = _setting(
        "", "Name of the body that publishes the site (éditeur), shown in the legal notice."
    )
    publisher_address: str = _setting(
        "", "Postal address (and telephone if wished) of the publisher, for the legal notice."
    )
    publication_director: str = _setting(
        "",
        "Directeur ou directrice de la publication, for the legal notice (a function such as "
        "« le directeur général des services » is enough).",
    )
    host_name: str = _setting("", "Name of the hosting provider (hébergeur), for the legal notice.")
    host_address: str = _setting(
        "", "Postal address and telephone of the hosting provider, for the legal notice."
    )
    source_url: str = _setting(
        "", "Address of the repository of iacoll's source code, linked from the About page."
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``IACOLL_*`` environment variables, then explicit ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"IACOLL_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.type, raw)
        types = {f.name: f.type for f in fields(cls)}
        for name, value in overrides.items():
            if name == "store_path" and is_url(value):  # `--store http://…`: a SPARQL server
                name = "store_url"
            if value is not None:
                values[name] = _convert(types[name], value) if isinstance(value, str) else value
        return replace(cls(), **values)

    def memory_budget(self) -> int:
        """IACOLL_MEMORY_BUDGET_MB, or its default from the worker limits, in MiB."""
        workers = self.query_workers + 1  # the members' endpoint has one
        return self.memory_budget_mb or 512 + workers * self.query_memory_mb

    @staticmethod
    def documentation() -> list[tuple[str, str, str]]:
        """``(env var, default, description)`` for every setting."""
        defaults = Settings()
        return [
            (f"IACOLL_{f.name.upper()}", str(getattr(defaults, f.name)), f.metadata["description"])
            for f in fields(Settings)
        ]


def is_url(location: object) -> bool:
    """Whether ``location`` (a ``--store`` value) names a SPARQL server rather than a folder."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def _convert(kind: Any, raw: str) -> Any:
    name = kind if isinstance(kind, str) else getattr(kind, "__name__", "")
    if name == "int":
        return int(raw)
    if name == "float":
        return float(raw)
    if name == "Path":
        return Path(raw)
    return raw
