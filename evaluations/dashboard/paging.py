"""Keyset paging of a list already ordered in memory (rows ordered by a figure of a summary table, which
no index of the rows' own table can serve): the same cursors as `core.pagination.keyset_page`, signed,
newer and older, never an offset in the URL and never an error for a bad cursor (it gives the first page).
"""

import bisect

from core.pagination import NEWER, OLDER, PAGE_SIZE, KeysetPage, read_cursor, sign_cursor


def memory_page(keys: list[tuple], cursor: str | None, *, salt: str, per_page: int = PAGE_SIZE) -> KeysetPage:
    """The page of positions in `keys` (sorted, unique tuples of strings and integers) a cursor points at.

    `object_list` holds the positions (`range`), so the caller fetches only that page's rows.
    """
    start = 0
    decoded = read_cursor(cursor, salt=salt)
    if decoded is not None:
        direction, key = decoded[0], tuple(decoded[1])
        try:
            start = bisect.bisect_right(keys, key) if direction == OLDER else bisect.bisect_left(keys, key) - per_page
        except TypeError:  # a key of another shape: start again
            start = 0
        start = max(start, 0)
        if start >= len(keys):
            start = 0
    end = min(start + per_page, len(keys))
    positions = range(start, end)
    newer = sign_cursor(NEWER, list(keys[start]), salt=salt) if start > 0 and positions else None
    older = sign_cursor(OLDER, list(keys[end - 1]), salt=salt) if end < len(keys) else None
    return KeysetPage(object_list=list(positions), newer=newer, older=older)
