"""'Did you mean': the closest defined id to an unknown one."""

from __future__ import annotations

import difflib
from collections import defaultdict

SMALL = 2000  # up to this many ids, difflib's ratio ranks every id


def one_edit_apart(a: str, b: str) -> bool:
    """Whether deleting at most one character from each leaves the same text: one
    insertion, deletion, substitution or adjacent swap (and a few rotations) apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    return not _deletions(a).isdisjoint(_deletions(b))


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class Suggester:
    """'Did you mean' over a pool of ids: difflib when small; for a large pool, the ids one
    edit apart (``one_edit_apart``), the first defined winning.

    A large pool is indexed by (length, one of the first two characters): an id one edit
    apart from a word shares one of its first two characters with one of the word's (the
    first character left after the deletions comes from there), and its length is within
    one. The index is two list entries per id, built on the first unknown word only; each
    word then looks at a few hundred candidates instead of the whole pool.
    """

    def __init__(self, ids: list[str]):
        self.ids = ids
        self._index: dict[tuple[int, str], list[int]] | None = None
        self._short: list[int] = []
        self._seen: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word not in self._seen:
            self._seen[word] = self._closest(word)
        return self._seen[word]

    def _closest(self, word: str) -> str | None:
        if len(self.ids) <= SMALL:
            found = difflib.get_close_matches(word, self.ids, n=1, cutoff=0.6)
            return found[0] if found else None
        if self._index is None:
            self._build()
        assert self._index is not None
        ids, index = self.ids, self._index
        heads = set(word[:2])
        tails = set(word[-2:])
        best: int | None = None
        for length in (len(word) - 1, len(word), len(word) + 1):
            for head in heads:
                for at in index.get((length, head), ()):
                    ident = ids[at]
                    # the same argument from the end: a cheap filter before the exact test
                    if (
                        (best is None or at < best)
                        and not tails.isdisjoint(ident[-2:])
                        and one_edit_apart(word, ident)
                    ):
                        best = at
        for at in self._short:
            if (best is None or at < best) and one_edit_apart(word, ids[at]):
                best = at
        return ids[best] if best is not None else None

    def _build(self) -> None:
        index: dict[tuple[int, str], list[int]] = defaultdict(list)
        for at, ident in enumerate(self.ids):
            if len(ident) < 3:
                # after the deletions nothing of the first two characters may be left
                self._short.append(at)
                continue
            index[(len(ident), ident[0])].append(at)
            if ident[1] != ident[0]:
                index[(len(ident), ident[1])].append(at)
        self._index = dict(index)
