"""Level names agree with Italian grammar: articles, elision, lo/gli, articulated prepositions."""

from __future__ import annotations

import pytest

from psmctl.model.edition import Level
from psmctl.model.grammar import agree, counted, noun


@pytest.mark.parametrize("singular, the, the_plural, of, of_plural", [
    ("asse", "l'asse", "gli assi", "dell'asse", "degli assi"),
    ("visione", "la visione", "le visioni", "della visione", "delle visioni"),
    ("progetto", "il progetto", "i progetti", "del progetto", "dei progetti"),
    ("ambito", "l'ambito", "gli ambiti", "dell'ambito", "degli ambiti"),
    ("azione", "l'azione", "le azioni", "dell'azione", "delle azioni"),
    ("strategia", "la strategia", "le strategie", "della strategia", "delle strategie"),
    ("piattaforma", "la piattaforma", "le piattaforme", "della piattaforma", "delle piattaforme"),
    ("missione", "la missione", "le missioni", "della missione", "delle missioni"),
    ("obiettivo", "l'obiettivo", "gli obiettivi", "dell'obiettivo", "degli obiettivi"),
    ("sviluppo", "lo sviluppo", "gli sviluppi", "dello sviluppo", "degli sviluppi"),
    ("zoccolo", "lo zoccolo", "gli zoccoli", "dello zoccolo", "degli zoccoli"),
    ("gnomone", "lo gnomone", "gli gnomoni", "dello gnomone", "degli gnomoni"),
    ("pseudonimo", "lo pseudonimo", "gli pseudonimi", "dello pseudonimo", "degli pseudonimi"),
    ("xilofono", "lo xilofono", "gli xilofoni", "dello xilofono", "degli xilofoni"),
    ("yogurt", "lo yogurt", "gli yogurt", "dello yogurt", "degli yogurt"),
    ("programma", "il programma", "i programmi", "del programma", "dei programmi"),
    ("priorità", "la priorità", "le priorità", "della priorità", "delle priorità"),
    ("obiettivo strategico", "l'obiettivo strategico", "gli obiettivi strategici",
     "dell'obiettivo strategico", "degli obiettivi strategici"),
    ("progetto bandiera", "il progetto bandiera", "i progetti bandiera", "del progetto bandiera",
     "dei progetti bandiera"),
    ("linea strategica", "la linea strategica", "le linee strategiche", "della linea strategica",
     "delle linee strategiche"),
    ("linea di intervento", "la linea di intervento", "le linee di intervento",
     "della linea di intervento", "delle linee di intervento"),
])
def test_articles_and_prepositions(singular: str, the: str, the_plural: str, of: str, of_plural: str) -> None:
    forms = noun(singular).forms()
    assert (forms["the"], forms["the_plural"], forms["of"], forms["of_plural"]) == (the, the_plural, of, of_plural)


@pytest.mark.parametrize("singular, none, this, a", [
    ("asse", "nessun asse", "questo asse", "un asse"),
    ("azione", "nessuna azione", "questa azione", "un'azione"),
    ("sviluppo", "nessuno sviluppo", "questo sviluppo", "uno sviluppo"),
    ("progetto", "nessun progetto", "questo progetto", "un progetto"),
    ("visione", "nessuna visione", "questa visione", "una visione"),
])
def test_determiners_agree(singular: str, none: str, this: str, a: str) -> None:
    forms = noun(singular).forms()
    assert (forms["none"], forms["this"], forms["a"]) == (none, this, a)


def test_participles_agree_in_gender_and_number() -> None:
    assert [agree("riportato", g, p) for g in ("m", "f") for p in (False, True)] == [
        "riportato", "riportati", "riportata", "riportate"]


def test_an_edition_overrides_what_is_derived() -> None:
    # "il tema" is masculine although it ends in -a; a plan may also name a gender the table does not know
    derived = Level(kind="axis", singular="tema")
    assert (derived.gender, derived.plural) == ("m", "temi")
    stated = Level(kind="axis", singular="sfida", gender="m", plural="sfidoni")
    assert stated.noun.forms()["of_plural"] == "degli sfidoni"
    assert Level(kind="axis", singular="asse", plural="assi").noun.forms()["the"] == "l'asse"


def test_a_count_agrees_with_its_noun() -> None:
    # one is singular; none and many are plural («0 comuni», as Italian reads it)
    assert [counted(n, "comune", "comuni") for n in (0, 1, 2, 11)] == ["0 comuni", "1 comune", "2 comuni", "11 comuni"]
