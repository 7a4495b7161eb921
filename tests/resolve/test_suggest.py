"""'Did you mean' over large pools: the index finds exactly the ids one edit apart."""

from __future__ import annotations

import string
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from orglint.resolve.suggest import SMALL, Suggester, one_edit_apart

WORD = st.text(alphabet="abcde-", min_size=0, max_size=7)


def pool(extra: list[str]) -> list[str]:
    """A pool past the difflib size, padded with ids no test word is near."""
    filler = [f"zz{i:05d}q" for i in range(SMALL + 1)]
    return list(dict.fromkeys(extra + filler))


def old_closest(ids: list[str], word: str) -> set[str]:
    """The suggestion index as it was before: every id's deletion variants, all of them
    (its answer among several candidates depended on set order, so this returns them all)."""
    deletes = defaultdict(list)
    for ident in ids:
        for variant in {ident} | {ident[:i] + ident[i + 1 :] for i in range(len(ident))}:
            deletes[variant].append(ident)
    return {
        ident
        for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
        for ident in deletes.get(variant, [])
    }


@given(st.lists(WORD, max_size=30), WORD)
def test_the_index_finds_the_first_defined_id_one_edit_apart(extra, word):
    ids = pool(extra)
    expected = next((i for i in ids if one_edit_apart(word, i)), None)
    assert Suggester(ids).closest(word) == expected


@given(st.lists(WORD, max_size=30), WORD)
def test_the_same_candidates_as_the_old_index(extra, word):
    ids = pool(extra)
    found = Suggester(ids).closest(word)
    candidates = old_closest(ids, word)
    assert (found is None) == (not candidates)
    assert found is None or found in candidates


def test_typical_typos_in_a_large_pool():
    ids = pool(["mya-chen", "ml-platform", "data-eng", "ab"])
    s = Suggester(ids)
    assert s.closest("mya-chn") == "mya-chen"  # a deletion
    assert s.closest("ml-plattform") == "ml-platform"  # an insertion
    assert s.closest("data-eng") == "data-eng"
    assert s.closest("dtaa-eng") == "data-eng"  # a swap of the first two characters
    assert s.closest("a") == "ab"  # a short id is found without the index
    assert s.closest("qqqqqq") is None


def test_small_pools_keep_difflib_ranking():
    ids = ["asha", "ashok", "nirant", *string.ascii_lowercase]
    assert Suggester(ids).closest("ashaa") == "asha"
