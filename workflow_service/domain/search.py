"""Search as people type: without diacritics and case ("mat ong" finds "Mật ong", "DUONG" finds "Đường")."""

from __future__ import annotations

import unicodedata

# đ/Đ is a letter of its own, not d with a mark: NFD leaves it whole, so it is folded by hand.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
# Long lists count their matches up to here, then say "more than": an exact count of a whole province's
# dossiers or the national register reads every matching row (bench/README.md, the national set).
COUNT_CAP = 1000


def fold(text: str | None) -> str:
    """Lower case, no diacritics, single spaces: the form both the stored text and the query take."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(unicodedata.normalize("NFC", bare).casefold().split())


def dossier_search_text(registration_number: str | None, producer_name: str | None,
                        product_name: str | None) -> str:
    """What a dossier is found by: its registration number, producer and product, folded."""
    return " | ".join(fold(part) for part in (registration_number, producer_name, product_name))


def like_pattern(term: str) -> str:
    """A LIKE pattern (escape character "\\") matching the folded term anywhere."""
    folded = fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"
