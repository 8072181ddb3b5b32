"""A store that knows when it is damaged: ``iacoll build`` finds a deleted store folder, a
truncated SST file, a graph that lost its triples or a truncated download, says so in French
and repairs it; ``iacoll serve`` refuses such a store with the command that repairs it; the
downloads served are always the bytes the catalogue declares, also while a running server's
files are rewritten or damaged (issue 14, build item 3)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from iacoll import derived, downloads, integrity, sources, store
from iacoll import namespaces as ns
from iacoll.model.record import Record
from iacoll.projection import read_marks
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author, published_revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.server import cli_server, free_port

IACOLL = str(Path(sys.executable).parent / "iacoll")
SICOVAL = "https://w3id.org/iacoll/graph/cas-usage/sicoval-fuites-eau"


def iacoll(*args: str) -> subprocess.CompletedProcess[str]:
    """The ``iacoll`` command, as a user runs it (``serve`` must refuse: it gets 3 minutes)."""
    limit = 180 if args[0] == "serve" else 600
    return subprocess.run([IACOLL, *args], capture_output=True, text=True, timeout=limit)


@pytest.fixture(scope="module")
def checked_seed(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the seed store that ``iacoll build`` has checked and recorded."""
    own = copy_store(seed_settings, tmp_path_factory.mktemp("checked"))
    built = iacoll("build", "--store", str(own.store_path))
    assert built.returncode == 0, built.stderr
    assert (own.store_path / integrity.FILE).is_file()
    return own


@pytest.fixture
def checked(checked_seed: Settings, tmp_path: Path) -> Settings:
    """A private copy of :func:`checked_seed` (no process holds it open: a plain copy)."""
    target = tmp_path / "store"
    shutil.copytree(checked_seed.store_path, target, symlinks=True)
    return replace(checked_seed, store_path=target)


def manifest(settings: Settings) -> dict[str, dict[str, dict[str, int]]]:
    data: dict[str, dict[str, dict[str, int]]] = json.loads(
        (settings.store_path / integrity.FILE).read_text(encoding="utf-8")
    )
    return data


def newest(settings: Settings) -> Path:
    """The version folder of the download files the store declares (the last written)."""
    return downloads.versions(downloads.folder(settings))[-1]


def counts(path: Path) -> dict[str, int]:
    return integrity.graph_counts(ox.Store.read_only(str(path)))


def assert_repaired(settings: Settings, before: dict[str, dict[str, dict[str, int]]]) -> None:
    """Both stores hold again every graph with its recorded count; a new build finds nothing."""
    assert counts(settings.store_path / "public") == before["graphs"]["public"]
    assert counts(settings.store_path / "complet") == before["graphs"]["complet"]
    again = iacoll("build", "--store", str(settings.store_path))
    assert again.stdout.strip() == f"Magasin à jour ({settings.store_path})"


def test_a_deleted_public_store_is_found_and_rebuilt(checked: Settings) -> None:
    before = manifest(checked)
    shutil.rmtree(checked.store_path / "public")
    served = iacoll("serve", "--port", str(free_port()), "--store", str(checked.store_path))
    assert served.returncode == 1
    assert "Traceback" not in served.stderr
    assert served.stderr.splitlines() == [
        f"Magasin endommagé ({checked.store_path}) :",
        f"  - le dossier du magasin public ({checked.store_path}/public) a disparu",
        f"Réparez-le avec : iacoll build --store {checked.store_path}",
    ]
    built = iacoll("build", "--store", str(checked.store_path))
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[:3] == [
        *served.stderr.splitlines()[:2],
        "Magasin réparé : reconstruction des deux magasins depuis les sources et le journal "
        "des révisions.",
    ]
    assert_repaired(checked, before)


def test_a_truncated_sst_file_is_found_and_rebuilt(checked: Settings) -> None:
    before = manifest(checked)
    largest = max((checked.store_path / "complet").glob("*.sst"), key=lambda p: p.stat().st_size)
    os.truncate(largest, 1000)
    served = iacoll("serve", "--port", str(free_port()), "--store", str(checked.store_path))
    assert served.returncode == 1
    assert "Traceback" not in served.stderr
    assert "  - le magasin ne s'ouvre pas : Corruption: " in served.stderr
    assert largest.name in served.stderr
    assert f"Réparez-le avec : iacoll build --store {checked.store_path}" in served.stderr
    built = iacoll("build", "--store", str(checked.store_path))
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"Magasin endommagé ({checked.store_path}) :\n")
    assert "Magasin réparé : reconstruction des deux magasins" in built.stdout
    assert_repaired(checked, before)


def test_a_graph_that_lost_its_triples_is_found_and_rebuilt(checked: Settings) -> None:
    before = manifest(checked)
    expected = before["graphs"]["public"][SICOVAL]
    assert expected == 82  # the record's public triples (data/cas-usage/sicoval-fuites-eau.ttl)
    public = ox.Store(str(checked.store_path / "public"))
    public.remove_graph(ox.NamedNode(SICOVAL))
    public.flush()
    del public
    built = iacoll("build", "--store", str(checked.store_path))
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[:2] == [
        f"Magasin endommagé ({checked.store_path}) :",
        f"  - le graphe <{SICOVAL}> du magasin public compte 0 triplets au lieu de 82",
    ]
    assert_repaired(checked, before)


def test_a_truncated_download_is_found_and_written_again(checked: Settings) -> None:
    declared = manifest(checked)["downloads"]["iacoll.ttl"]
    os.truncate(newest(checked) / "iacoll.ttl", 5000)
    served = iacoll("serve", "--port", str(free_port()), "--store", str(checked.store_path))
    assert served.returncode == 1
    assert served.stderr.splitlines()[1] == (
        f"  - le téléchargement iacoll.ttl est endommagé (5000 octets au lieu de "
        f"{declared['size']})"
    )
    built = iacoll("build", "--store", str(checked.store_path))
    assert built.stdout.splitlines()[1:3] == [
        served.stderr.splitlines()[1],
        "Magasin réparé : écriture de nouveaux fichiers de téléchargement et du graphe du "
        "catalogue.",
    ]
    body = (checked.store_path / "download" / "iacoll.ttl").read_bytes()
    assert len(body) == declared["size"]
    assert (
        hashlib.sha256(body).hexdigest() == manifest(checked)["downloads"]["iacoll.ttl"]["sha256"]
    )


def test_refreshes_stopped_before_their_declaration_leave_the_declared_files(
    checked: Settings,
) -> None:
    """A server killed while it refreshes the dumps has written a new version of the files but
    not yet declared it in the catalogue graph; after more such stops than versions kept, the
    declared files are still on disk (they were pruned: « Magasin endommagé » at the next start)."""
    public = store.open_stores(checked).public
    declared = downloads.declared(public, checked.base_iri)
    assert declared.keys() == {d.name for d in downloads.DOWNLOADS}
    graph = ox.NamedNode(f"{checked.base_iri}graph/cas-usage/publiee-pendant-le-test")
    for number in range(downloads.KEEP + 1):  # a publication, then its refresh stopped
        title = ox.Literal(f"Fiche {number}", language="fr")
        record = ox.NamedNode(f"{checked.base_iri}id/cas-usage/publiee-pendant-le-test")
        public.add(ox.Quad(record, ox.NamedNode(str(ns.DCT.title)), title, graph))
        derived.write_dumps(checked, public)  # never declared: the server stopped there
    folder = downloads.folder(checked)
    assert len(downloads.versions(folder)) == downloads.KEEP + 1  # the declared one kept too
    for download in downloads.DOWNLOADS:
        kept = downloads.served(folder, download, declared[download.name])
        assert kept.path.stat().st_size == declared[download.name][0]
    assert integrity.check_before(checked) == []


def revised(folder: Path) -> Path:
    """The Sicoval record with a new title, laid out as in data/."""
    record = folder / "depot" / "cas-usage" / "sicoval-fuites-eau.ttl"
    record.parent.mkdir(parents=True)
    text = (sources.DATA_DIR / "cas-usage" / "sicoval-fuites-eau.ttl").read_text(encoding="utf-8")
    record.write_text(text.replace('Sicoval"@fr', 'Sicoval (révisée)"@fr', 1), encoding="utf-8")
    return record


def test_publications_since_the_last_build_are_no_damage(checked: Settings, tmp_path: Path) -> None:
    published = iacoll("publish", str(revised(tmp_path)), "--store", str(checked.store_path))
    assert published.returncode == 0, published.stderr
    built = iacoll("build", "--store", str(checked.store_path))
    assert built.returncode == 0, built.stderr
    assert "endommagé" not in built.stdout
    assert manifest(checked)["graphs"]["public"][SICOVAL] == 82


def test_a_changed_source_file_is_no_damage(checked: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(sources.DATA_DIR, data)
    with (data / "documents.ttl").open("a", encoding="utf-8") as extra:
        extra.write(f'\n<{ns.ID}document/essai> <{ns.DCT.title}> "Essai"@fr .\n')
    built = subprocess.run(
        [IACOLL, "build", "--store", str(checked.store_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "IACOLL_DATA_PATH": str(data)},
        check=True,
    )
    # The catalogue graph follows the static graphs (its fingerprint includes theirs).
    assert built.stdout.splitlines() == [
        f"Graphes reconstruits : contexte, catalogue ({checked.store_path})"
    ]


# The downloads of a running server ------------------------------------------------------------


def declared_checksums(url: str) -> dict[str, str]:
    """What the served catalogue declares: file name → SHA-256."""
    answer = httpx.get(url + "catalogue?page=1", headers={"Accept": "text/turtle"}, timeout=60)
    graph = Graph().parse(data=answer.text, format="turtle")
    found = {}
    for download in downloads.DOWNLOADS:
        checksum = graph.value(download.distribution(ns.DEFAULT_BASE), downloads.SPDX.checksum)
        found[download.name] = str(graph.value(checksum, downloads.SPDX.checksumValue))
    return found


def served_checksums(url: str) -> dict[str, str]:
    """The SHA-256 of the bytes ``/download/`` serves."""
    return {
        d.name: hashlib.sha256(
            httpx.get(url + f"download/{d.name}", timeout=60).content
        ).hexdigest()
        for d in downloads.DOWNLOADS
    }


def test_files_written_under_a_running_server_do_not_make_declarations_lie(
    checked: Settings, tmp_path: Path
) -> None:
    target = checked.store_path / "download"
    with cli_server(checked.store_path) as url:
        before = declared_checksums(url)
        assert served_checksums(url) == before
        # What a rebuild of the downloads writes first: new files, before the catalogue graph.
        graph = Graph().parse(target / "iacoll.ttl", format="turtle")
        graph.add((ns.ID.catalogue, ns.DCT.description, Literal("réécrit", lang="fr")))
        written = downloads.write(graph, target, ns.DEFAULT_BASE)
        assert written[0].sha256 != before["iacoll.ttl"]
        assert declared_checksums(url) == before
        assert served_checksums(url) == before
        # A publication through the write path: the server rewrites the files and the graph.
        published = iacoll("publish", str(revised(tmp_path)), "--store", str(checked.store_path))
        assert published.returncode == 0, published.stderr
        deadline = time.monotonic() + 120
        while (after := declared_checksums(url))["iacoll.nt"] == before["iacoll.nt"]:
            assert time.monotonic() < deadline, "the catalogue never declared the new files"
            time.sleep(0.5)
        assert served_checksums(url) == after == declared_checksums(url)


def test_a_truncated_download_is_refused_not_served_under_the_old_declaration(
    checked: Settings,
) -> None:
    with cli_server(checked.store_path) as url:
        declared = declared_checksums(url)
        os.truncate(newest(checked) / "iacoll.nt", 100)
        answer = httpx.get(url + "download/iacoll.nt", headers={"Accept": "text/html"})
        assert answer.status_code == 503
        assert "Le téléchargement iacoll.nt est endommagé (100 octets au lieu de" in answer.text
        assert "iacoll build" in answer.text
        intact = httpx.get(url + "download/iacoll.ttl")
        assert hashlib.sha256(intact.content).hexdigest() == declared["iacoll.ttl"]


# The background check of a served store, while it is written ------------------------------------


def retitled(record: Record, turn: int) -> Record:
    """``record`` with a new title (one more word each turn: the dumps change size)."""
    public = Graph()
    public += record.public
    public.set((record.iri, ns.DCT.title, Literal("Titre" + " révisé" * turn, lang="fr")))
    return Record(record.iri, public, record.restricted)


def test_a_refresh_under_way_is_no_damage_and_a_real_one_is_still_found(checked: Settings) -> None:
    stores = store.open_stores(checked)
    writer, projector = store.writer_for(checked, stores)
    refresher = derived.Refresher(checked, stores.public, stores.full, projector.lock)
    sicoval = next(r for r in seed_records(checked.data_path) if r.slug == "sicoval-fuites-eau")
    writer.validate(sicoval)  # the shapes parsed before the race begins
    failed: list[BaseException] = []

    def publish_and_refresh() -> None:  # what a server does after each publication
        try:
            for turn in range(1, 9):
                with writer.db.transaction() as session:
                    base = published_revision(session, str(sicoval.iri))
                writer.save(
                    retitled(sicoval, turn),
                    author=Author.system(),
                    state=State.PUBLIE,
                    base_number=base.number if base is not None else None,
                )
                refresher.refresh()  # new dumps (outside the lock), then the catalogue graph
        except BaseException as exc:
            failed.append(exc)

    writing = threading.Thread(target=publish_and_refresh)
    writing.start()
    found, checks = [], 0
    while writing.is_alive():
        found += integrity.check_served(checked)
        checks += 1
    writing.join()
    assert not failed, failed
    assert checks > 8  # checks ran during the eight refreshes
    assert found == []
    # With no writer under way, the check records the manifest of the stores as they are.
    assert integrity.check_served(checked) == []
    assert manifest(checked)["marks"] == read_marks(checked.store_path)
    # A download altered on disk (same size, another byte) is still found.
    declared = downloads.declared(stores.public, checked.base_iri)["iacoll.nt"]
    path = downloads.served(
        downloads.folder(checked), downloads.BY_NAME["iacoll.nt"], declared
    ).path
    body = bytearray(path.read_bytes())
    body[len(body) // 2] ^= 0x01
    path.write_bytes(bytes(body))
    before = (checked.store_path / integrity.FILE).read_bytes()
    assert [d.message for d in integrity.check_served(checked)] == [
        "le téléchargement iacoll.nt n'a plus le SHA-256 que le catalogue déclare"
    ]
    assert (checked.store_path / integrity.FILE).read_bytes() == before  # not recorded
    # So is a graph that lost its triples outside any publication.
    stores.full.remove_graph(ox.NamedNode(SICOVAL.replace("graph/", "graph/restreint/")))
    messages = [d.message for d in integrity.check_served(checked)]
    assert messages[0].startswith(
        f"le graphe <{SICOVAL.replace('graph/', 'graph/restreint/')}> du magasin complet "
    )
    writer.db.close()
    store.close_stores(checked)
