"""``/download/``: the files are what the catalogue declares (size, checksum, media type), the
RDF dumps hold every public record and nothing restricted, the CSV has the upstream layout and
the record's address, the Excel CSV opens in a French Excel, the XLSX holds the same cells."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from iacoll import csv_export, downloads, sources
from iacoll import namespaces as ns
from iacoll.app import create_app
from iacoll.model.fields import FIELDS, by_key
from iacoll.settings import Settings

REGISTER = URIRef(ns.DEFAULT_BASE + "id/jeu-de-donnees/registre")
RDF_DUMPS = [d for d in downloads.DOWNLOADS if d.format.kind == "rdf"]


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def declared(client: TestClient) -> Graph:
    """Page 1 of the catalogue: the register and its distributions."""
    response = client.get("/catalogue?page=1", headers={"Accept": "text/turtle"})
    return Graph().parse(data=response.text, format="turtle")


@pytest.fixture(scope="module")
def dumps(client: TestClient) -> dict[str, Graph]:
    return {
        d.key: Graph().parse(data=client.get(f"/download/{d.name}").content, format=d.format.rdflib)
        for d in RDF_DUMPS
    }


def source_graph(*folders: str) -> Graph:
    graph = Graph()
    for folder in folders:
        for path in sorted((sources.DATA_DIR / folder).glob("*.ttl")):
            graph.parse(path)
    return graph


@pytest.mark.parametrize("download", downloads.DOWNLOADS, ids=lambda d: d.name)
def test_file_is_what_the_catalogue_declares(
    client: TestClient, declared: Graph, download: downloads.Download
) -> None:
    distribution = download.distribution(ns.DEFAULT_BASE)
    url = declared.value(distribution, ns.DCAT.downloadURL)
    assert url == URIRef(f"{ns.DEFAULT_BASE}download/{download.name}")
    response = client.get(f"/download/{download.name}")
    assert response.status_code == 200
    body = response.content
    assert response.headers["content-type"] == download.format.content_type
    assert response.headers["content-length"] == str(len(body))
    assert f'filename="{download.name}"' in response.headers["content-disposition"]
    size = declared.value(distribution, ns.DCAT.byteSize)
    assert size == Literal(str(len(body)), datatype=ns.XSD.nonNegativeInteger)
    checksum = declared.value(distribution, downloads.SPDX.checksum)
    assert declared.value(checksum, downloads.SPDX.algorithm) == downloads.SHA256
    value = declared.value(checksum, downloads.SPDX.checksumValue)
    assert str(value) == hashlib.sha256(body).hexdigest()
    assert response.headers["etag"] == f'"{value}"'
    media_type = declared.value(distribution, ns.DCAT.mediaType)
    assert str(media_type).endswith("/" + download.format.media_type)
    assert declared.value(distribution, ns.DCT.license) is not None
    again = client.get(f"/download/{download.name}", headers={"If-None-Match": f'"{value}"'})
    assert again.status_code == 304


def test_rdf_dumps_agree_and_hold_every_public_record(dumps: dict[str, Graph]) -> None:
    turtle = dumps["turtle"]
    for key, graph in dumps.items():  # isomorphic (rdflib.compare is too slow at this size)
        assert set(downloads.stable(graph)) == set(downloads.stable(turtle)), key
    records = set(source_graph("cas-usage", "initiative").subjects(ns.RDF.type, ns.IACOLL.Fiche))
    assert len(records) > 50
    assert records <= set(turtle.subjects(ns.RDF.type, ns.IACOLL.Fiche))
    organisations = set(source_graph("organisation").subjects(ns.RDF.type, ns.FOAF.Agent))
    assert organisations and organisations <= set(turtle.subjects(ns.FOAF.name))
    assert (ns.ONTOLOGY_IRI, ns.RDF.type, ns.OWL.Ontology) in turtle
    assert (ns.ID.catalogue, ns.RDF.type, ns.DCAT.Catalog) in turtle
    listed = set(turtle.objects(ns.ID.catalogue, ns.DCAT_RESOURCE))
    assert listed == records  # every record listed by the catalogue, none as a dataset
    assert set(turtle.objects(ns.ID.catalogue, ns.DCAT.dataset)) == {REGISTER}


def test_rdf_dumps_hold_nothing_restricted(dumps: dict[str, Graph]) -> None:
    restricted = source_graph("restreint")
    public = source_graph("cas-usage", "initiative", "organisation")
    # The ontology, vocabularies and shapes are public (graph « vocabulaires »): a unit or a
    # boolean a shape names is not a leak.
    for path in [
        *sources.VOCABULARY_DIR.glob("*.ttl"),
        sources.ONTOLOGY_DIR / "iacoll.ttl",
        *sources.SHAPES_DIR.glob("*.ttl"),
    ]:
        public.parse(path)
    known = {term for triple in public for term in triple}
    only_restricted = {o for o in restricted.objects() if o not in known}
    assert any(isinstance(o, Literal) for o in only_restricted)
    for key, graph in dumps.items():
        leaked = only_restricted & set(graph.objects())
        assert not leaked, (key, sorted(leaked)[:3])
        leaked_triples = [t for t in restricted if t in graph]
        assert not leaked_triples, (key, leaked_triples[:3])


def test_dumps_do_not_describe_themselves(dumps: dict[str, Graph]) -> None:
    """A file cannot hold its own checksum: size and checksum are only in the catalogue."""
    for download in downloads.DOWNLOADS:
        distribution = download.distribution(ns.DEFAULT_BASE)
        assert (distribution, ns.DCAT.downloadURL, None) in dumps["turtle"]
        assert (distribution, ns.DCAT.byteSize, None) not in dumps["turtle"]
        assert (distribution, downloads.SPDX.checksum, None) not in dumps["turtle"]


def test_csv_has_the_public_upstream_columns_one_row_per_record(client: TestClient) -> None:
    text = client.get("/download/iacoll.csv").content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    public = [f.key for f in FIELDS if f.access == "public"] + ["uri_fiche"]
    assert rows[0] == public
    assert not {f.key for f in FIELDS if f.access == "restreint"} & set(rows[0])
    records = source_graph("cas-usage", "initiative").subjects(ns.RDF.type, ns.IACOLL.Fiche)
    assert len(rows) - 1 == len(set(records))
    assert all(len(row) == len(public) for row in rows)
    by_title = {
        row[public.index("nom_projet")]: dict(zip(public, row, strict=True)) for row in rows[1:]
    }
    sicoval = by_title["Détection des fuites d'eau par IA — Sicoval"]
    assert sicoval["coll_nom"] == "Sicoval"
    assert sicoval["coll_type"] == "Communauté d'agglomération"
    assert sicoval["theme"] == "Transition écologique et énergétique"
    assert sicoval["partenaires"] == "Leakmited; Réseau 31"
    assert sicoval["usage_description"].startswith("Dans ce contexte de recherche de fuites")
    assert sicoval["uri_fiche"] == ns.DEFAULT_BASE + "id/cas-usage/sicoval-fuites-eau"
    dated = [row for row in by_title.values() if row["projet_date"]]
    assert dated and all(len(row["projet_date"]) in (4, 7, 10) for row in dated)
    assert any("/" in row["projet_date"] for row in dated)


def test_csv_cells_are_written_as_upstream() -> None:
    graph = Graph()
    for path in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(path)
    record, system = ns.ID["cas-usage/x"], ns.ID["systeme/x"]
    graph.add((record, ns.SCHEMA.startDate, Literal("2024-01", datatype=ns.XSD.gYearMonth)))
    graph.add((record, ns.DCT.modified, Literal("2025-03-07", datatype=ns.XSD.date)))
    graph.add((record, ns.AI.hasAISystem, system))
    graph.add((system, ns.EU_AIACT.hasRiskLevel, ns.EU_AIACT.RiskLevelMinimal))
    graph.add((record, ns.SCHEMA.audience, ns.VOCAB["cible/agent"]))
    graph.add((record, ns.SCHEMA.audience, ns.VOCAB["cible/elu"]))
    assert csv_export.cell(graph, record, by_key("projet_date")) == "01/2024"
    assert csv_export.cell(graph, record, by_key("date")) == "07/03/2025"
    assert csv_export.cell(graph, record, by_key("risque_categorie")) == "Risque minimal"
    audience = csv_export.cell(graph, record, by_key("audience_service"))
    assert audience.count(csv_export.SEPARATOR) == 1


def test_downloads_are_deterministic(tmp_path: Path) -> None:
    graph = source_graph("cas-usage", "initiative", "organisation")
    graph.parse(sources.DATA_DIR / "catalogue.ttl")
    first = downloads.write(graph, tmp_path / "a", ns.DEFAULT_BASE)
    second = downloads.write(graph_copy(graph), tmp_path / "b", ns.DEFAULT_BASE)
    assert [f.sha256 for f in first] == [f.sha256 for f in second]


def graph_copy(graph: Graph) -> Graph:
    """The same triples, re-parsed: new blank-node identifiers, another insertion order."""
    return Graph().parse(data=graph.serialize(format="nt"), format="nt")


def test_index_page_lists_the_files(client: TestClient) -> None:
    response = client.get("/download/")
    assert response.status_code == 200
    for download in downloads.DOWNLOADS:
        assert f'href="/download/{download.name}"' in response.text
        size = client.head(f"/download/{download.name}").headers["content-length"]
        assert f'data-bytes="{size}"' in response.text
    assert "coll_siret" in response.text
    assert client.get("/download", follow_redirects=False).status_code == 308
    missing = client.get("/download/iacoll.xls", headers={"Accept": "application/json"})
    assert missing.status_code == 404


@pytest.mark.parametrize("download", downloads.DOWNLOADS, ids=lambda d: d.name)
def test_files_carry_last_modified_and_revalidate_by_date(
    client: TestClient, download: downloads.Download
) -> None:
    url = f"/download/{download.name}"
    first = client.get(url)
    stamp = first.headers["last-modified"]
    written = (downloads.folder(client.app.state.settings) / download.name).stat().st_mtime
    assert abs(parsedate_to_datetime(stamp).timestamp() - written) < 1
    assert client.head(url).headers["last-modified"] == stamp
    again = client.get(url, headers={"If-Modified-Since": stamp})
    assert again.status_code == 304 and again.headers["last-modified"] == stamp
    earlier = format_datetime(parsedate_to_datetime(stamp) - timedelta(days=1), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_csv_is_utf8_without_bom_as_documented(client: TestClient) -> None:
    """UTF-8 without a BOM, comma: the first column is ``coll_nom`` for every CSV reader; the
    downloads page says which file Excel opens."""
    body = client.get("/download/iacoll.csv").content
    assert not body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8").split(",", 1)[0] == "coll_nom"
    page = client.get("/download/").text
    assert "UTF-8 sans BOM" in page and "UTF-8 avec BOM" in page
    assert "65001" not in page  # no Excel import procedure to follow any more


SICOVAL = "Détection des fuites d'eau par IA — Sicoval"


def test_excel_csv_is_the_same_table_with_bom_and_semicolons(client: TestClient) -> None:
    """What a French Excel opens with a double-click: a UTF-8 BOM (else it reads Windows-1252
    and garbles the accents), ``;`` (its list separator), CRLF, and the same cells."""
    body = client.get("/download/iacoll-excel.csv").content
    assert body.startswith(b"\xef\xbb\xbfcoll_nom;coll_siret;")
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.split("\r\n", 1)[0].endswith(";uri_fiche")
    excel = list(csv.reader(io.StringIO(text), delimiter=";"))
    standard = list(csv.reader(io.StringIO(client.get("/download/iacoll.csv").text)))
    assert excel == standard
    sicoval = next(row for row in excel if SICOVAL in row)
    assert "Transition écologique et énergétique" in sicoval
    assert SICOVAL.encode("utf-8") in body  # "â" is two UTF-8 bytes, not one Latin-1 byte


def test_xlsx_holds_the_records_with_french_headers_and_links(client: TestClient) -> None:
    body = client.get("/download/iacoll.xlsx").content
    assert body.startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Fiches"]
    headers = [c.value for c in sheet[1]]
    labels = [f.label_fr for f in FIELDS if f.access == "public"]
    assert headers == [*labels, "Adresse (URI) de la fiche"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    records = set(source_graph("cas-usage", "initiative").subjects(ns.RDF.type, ns.IACOLL.Fiche))
    assert sheet.max_row - 1 == len(records)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Projet")].value == SICOVAL)
    values = {header: cell.value for header, cell in zip(headers, row, strict=True)}
    assert values["Porteur"] == "Sicoval"
    assert values["Type de collectivité"] == "Communauté d'agglomération"
    assert values["Thème principal"] == "Transition écologique et énergétique"
    assert values["Partenaires associés"] == "Leakmited; Réseau 31"
    assert values["Latitude"] is None  # unknown stays empty
    callbot = next(
        r for r in sheet.iter_rows(min_row=2) if r[-1].value.endswith("/amp-callbot-encombrants")
    )
    assert callbot[headers.index("Latitude")].value == 43.2942477  # a number, not text
    assert callbot[headers.index("Longitude")].value == 5.3580321
    address = ns.DEFAULT_BASE + "id/cas-usage/sicoval-fuites-eau"
    assert values["Adresse (URI) de la fiche"] == address
    assert row[-1].hyperlink is not None and row[-1].hyperlink.target == address


def test_spreadsheet_addresses_follow_the_base_iri() -> None:
    graph = source_graph("cas-usage")
    base = "http://127.0.0.1:8015/"
    text = csv_export.csv_bytes(graph, base, "csv-excel").decode("utf-8-sig")
    addresses = [row[-1] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert addresses and all(a.startswith(base + "id/cas-usage/") for a in addresses)
    assert base + "id/cas-usage/sicoval-fuites-eau" in addresses


def test_two_writers_of_the_folder_take_turns(tmp_path: Path) -> None:
    """The server's refresher and a CLI command may write the same folder: the second waits for
    the first (a writer prunes the temporary folders a crashed one left, never a live one)."""
    first_started, first_may_end = threading.Event(), threading.Event()
    written: list[list[downloads.DownloadFile]] = []

    def slow(paths: dict[str, Path]) -> None:
        for key, path in paths.items():
            path.write_text(f"first {key}\n", encoding="utf-8")
        first_started.set()
        assert first_may_end.wait(timeout=60)

    def quick(paths: dict[str, Path]) -> None:
        for key, path in paths.items():
            path.write_text(f"second {key}\n", encoding="utf-8")

    first = threading.Thread(target=lambda: written.append(downloads.write_files(tmp_path, slow)))
    first.start()
    assert first_started.wait(timeout=60)
    second = threading.Thread(target=lambda: written.append(downloads.write_files(tmp_path, quick)))
    second.start()
    second.join(timeout=1.0)
    assert second.is_alive()  # waiting for the first writer
    assert len(list(tmp_path.glob(".v*.tmp"))) == 1  # the first's folder, not pruned
    first_may_end.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert [files[0].path.read_text(encoding="utf-8").split()[0] for files in written] == [
        "first",
        "second",
    ]
    assert len(downloads.versions(tmp_path)) == 2
    assert (tmp_path / downloads.DOWNLOADS[0].name).read_text(encoding="utf-8").startswith("second")
