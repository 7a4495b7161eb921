"""'Did you mean': the closest defined id to an unknown one."""

from __future__ import annotations

import difflib
from collections import defaultdict


class Suggester:
    """'Did you mean' over a pool of ids: difflib when small, single-edit lookups when large."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        self._deletes: dict[str, list[str]] | None = None

    def closest(self, word: str) -> str | None:
        if len(self.ids) <= 2000:
            found = difflib.get_close_matches(word, self.ids, n=1, cutoff=0.6)
            return found[0] if found else None
        if self._deletes is None:
            self._deletes = defaultdict(list)
            for ident in self.ids:
                for variant in _variants(ident):
                    self._deletes[variant].append(ident)
        for variant in _variants(word):
            hits = self._deletes.get(variant)
            if hits:
                return hits[0]
        return None


def _variants(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
