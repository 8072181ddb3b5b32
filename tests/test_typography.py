"""French typography and readable citations, on real strings of the catalogue."""

from __future__ import annotations

from iacoll.pages.citations import Part, parts
from iacoll.pages.i18n import translator
from iacoll.pages.typography import NBSP, NNBSP, french

DOCUMENTS = {
    "000": ("Localtis Mag #15", "/id/document/localtis-mag-15"),
    "001": ("Bibliothèque d'IA territoriales 2025", "/id/document/bibliotheque"),
    "003": ("Webinaire IA durable", "/id/document/webinaire"),
}


def test_spaces_before_double_signs_and_inside_guillemets() -> None:
    assert french("Nombre de fiches :") == f"Nombre de fiches{NBSP}:"
    assert french("webinaire « IA durable »") == f"webinaire «{NBSP}IA durable{NBSP}»"
    assert french("«IA»") == f"«{NBSP}IA{NBSP}»"
    assert french("Attention ! Oui ; non") == f"Attention{NNBSP}! Oui{NNBSP}; non"
    assert french("Quoi?") == f"Quoi{NNBSP}?"
    assert french("100 % des appels reçus traités") == f"100{NBSP}% des appels reçus traités"
    assert french("180 000 : nombre d'appels") == f"180 000{NBSP}: nombre d'appels"


def test_addresses_times_and_identifiers_are_left_alone() -> None:
    for text in (
        "https://w3id.org/iacoll/id/cas-usage/x?lang=en",
        "à 10:30, ratio 1:2",
        "mailto:contact@iacoll.fr",
        "eu-aiact:PublicSector",
        "Localtis Mag #15",
    ):
        assert french(text) == text
    assert french("voir https://a.fr/x?y=1 : ok") == f"voir https://a.fr/x?y=1{NBSP}: ok"


def test_french_messages_are_typeset_english_ones_are_not() -> None:
    assert translator("fr")("res.org.count.intro") == f"Nombre de fiches{NBSP}:"
    assert translator("en")("res.org.count.intro") == "Number of records:"
    assert translator("fr")("footer").count(NBSP) >= 3  # « Sources : », « IA durable »


def test_seed_references_become_document_titles() -> None:
    found = parts(
        "Numérique360, sous-thématiques (seeds/001_48550992bcc9d727.txt:883-901)", DOCUMENTS
    )
    assert found == (
        Part("Numérique360, sous-thématiques ("),
        Part("Bibliothèque d'IA territoriales 2025", "link", "/id/document/bibliotheque"),
        Part(")"),
    )
    two = parts(
        "seeds/001_48550992bcc9d727.txt:790, 001:393 ; seeds/000_d642ec8cdb61c2f3.txt:2925-2926",
        DOCUMENTS,
    )
    assert [p.text for p in two] == [
        "Bibliothèque d'IA territoriales 2025",
        " ; ",
        "Localtis Mag #15",
    ]
    unknown = parts("seeds/004_263273d433f29e03.txt:272-276", DOCUMENTS)
    assert unknown == (Part("document source"),)
    assert parts("100 % à 10:30", DOCUMENTS) == (Part("100 % à 10:30"),)


def test_line_numbers_and_iris_in_text() -> None:
    note = (
        "Les sources datent le vote de la stratégie d'octobre 2024 (livret, ligne 696 ; "
        "Localtis Mag, lignes 2421-2425) et de décembre 2024 (livret, ligne 747) ; les deux "
        "dates sont conservées."
    )
    assert parts(note, DOCUMENTS) == (
        Part(
            "Les sources datent le vote de la stratégie d'octobre 2024 (livret ; Localtis Mag) "
            "et de décembre 2024 (livret) ; les deux dates sont conservées."
        ),
    )
    message = "doit être une IRI http:// ou https:// : écrivez <https://…>."
    assert [p.kind for p in parts(message, DOCUMENTS)] == [
        "words", "code", "words", "code", "words", "code", "words"
    ]  # fmt: skip
