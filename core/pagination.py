"""Paging of long lists: by offset for short ones, by keyset (newer/older) for the long ones."""

from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.db.models.functions import Coalesce

PAGE_SIZE = 25
OLDER, NEWER = "o", "n"
_CURSOR_SALT = "core.pagination.keyset"


@dataclass
class KeysetPage:
    """One page of a keyset-paged list: its rows and the cursors of the pages beside it.

    `newer` leads to the rows just before this page in the list's order (None on the first page),
    `older` to the rows just after it (None on the last). No page number and no total: counting
    every row is what keyset paging avoids.
    """

    object_list: list = field(default_factory=list)
    newer: str | None = None
    older: str | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)

    @property
    def is_first(self) -> bool:
        return self.newer is None


def keyset_page(
    queryset,
    *,
    ordering=("-date", "-created_at", "-id"),
    cursor: str | None,
    per_page=PAGE_SIZE,
    scope_is_small=False,
):
    """The page of `queryset` that `cursor` points at, in `ordering`, and the cursors beside it.

    The ordering's fields are the model's own non-null columns and the last one is unique (the id),
    so every row has one place. A page reads `per_page + 1` rows from where the cursor stands (an
    index on the ordering serves it at any depth; OFFSET would walk every row before it) and never
    counts the rows. Cursors are signed: a cursor that is malformed, tampered with or made for another
    ordering gives the first page, never an error. Going back to newer rows when fewer than a page are
    left gives the first page, so the first page is always full and the same.

    `scope_is_small` is for a queryset known to hold a small share of the table (a coordinator's
    visits among a million). Given a LIMIT, PostgreSQL likes to walk the ordering's index and filter
    until a page is full; when the scope's rows are rare or absent that walk reads the whole table
    (0.7 s for a new coordinator at Peru's scale). Ordering by `COALESCE(f, f)` instead hides the
    index, so the few matching rows are found by their own indexes and sorted (about 1 ms).
    """
    ordering = tuple(ordering)
    fields = [_field(queryset.model, name) for name in ordering]
    decoded = _decode(cursor, ordering, fields)
    ordered = queryset.order_by(*_order_by(ordering, fields, scope_is_small))
    if decoded is None:
        return _first_page(ordered, ordering, fields, per_page)
    direction, key = decoded
    if direction == OLDER:
        rows = list(ordered.filter(_beyond(ordering, fields, key, reverse=False))[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        if not rows:
            return _first_page(ordered, ordering, fields, per_page)
        return KeysetPage(
            object_list=rows,
            newer=_encode(NEWER, ordering, fields, rows[0]),
            older=_encode(OLDER, ordering, fields, rows[-1]) if more else None,
        )
    flipped = tuple(name[1:] if name.startswith("-") else f"-{name}" for name in ordering)
    before = queryset.order_by(*_order_by(flipped, fields, scope_is_small))
    before = before.filter(_beyond(ordering, fields, key, reverse=True))
    rows = list(before[: per_page + 1])
    if len(rows) <= per_page:
        return _first_page(ordered, ordering, fields, per_page)
    rows = rows[:per_page][::-1]
    return KeysetPage(
        object_list=rows,
        newer=_encode(NEWER, ordering, fields, rows[0]),
        older=_encode(OLDER, ordering, fields, rows[-1]),
    )


def _first_page(ordered, ordering, fields, per_page) -> KeysetPage:
    rows = list(ordered[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(object_list=rows, older=_encode(OLDER, ordering, fields, rows[-1]) if more else None)


def _order_by(ordering, fields, scope_is_small):
    if not scope_is_small:
        return ordering
    hidden = []
    for name, model_field in zip(ordering, fields, strict=True):
        expression = Coalesce(F(model_field.attname), F(model_field.attname), output_field=model_field)
        hidden.append(expression.desc() if name.startswith("-") else expression.asc())
    return hidden


def _field(model, name):
    bare = name.lstrip("-")
    if bare == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(bare)
    except FieldDoesNotExist:
        raise ValueError(f"keyset ordering needs the model's own fields, not {bare!r}") from None


def _beyond(ordering, fields, key, *, reverse: bool) -> Q:
    """The rows after `key` in the ordering (before it when `reverse`), as an index can read them.

    (a, b, c) after (x, y, z) is a > x, or a = x and b > y, or a = x, b = y and c > z, each comparison
    turned round for a descending field. The leading `a >= x` repeats what the OR implies so that
    PostgreSQL starts its index scan there instead of filtering from the top.
    """
    condition = Q()
    equal = Q()
    for name, model_field, value in zip(ordering, fields, key, strict=True):
        descending = name.startswith("-") != reverse
        attname = model_field.attname
        condition |= equal & Q(**{f"{attname}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{attname: value})
    lead_descending = ordering[0].startswith("-") != reverse
    lead = Q(**{f"{fields[0].attname}__{'lte' if lead_descending else 'gte'}": key[0]})
    return lead & condition


def sign_cursor(direction: str, key: list, *, salt: str) -> str:
    """A cursor: the direction and the key of the row it stands on, signed so it cannot be forged."""
    return signing.dumps([direction, key], salt=salt)


def read_cursor(cursor, *, salt: str) -> tuple[str, list] | None:
    """(direction, key) from a cursor of ours, or None when it is missing, malformed, tampered with or
    made with another salt (another list or ordering): the caller then shows the first page."""
    if not cursor or not isinstance(cursor, str) or len(cursor) > 500:
        return None
    try:
        direction, key = signing.loads(cursor, salt=salt)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if direction not in (OLDER, NEWER) or not isinstance(key, list):
        return None
    return direction, key


def _salt(ordering) -> str:
    return f"{_CURSOR_SALT}:{','.join(ordering)}"


def _encode(direction, ordering, fields, row) -> str:
    return sign_cursor(direction, [model_field.value_to_string(row) for model_field in fields], salt=_salt(ordering))


def _decode(cursor, ordering, fields):
    """(direction, typed key) from a cursor, or None when it is missing or not one of ours."""
    read = read_cursor(cursor, salt=_salt(ordering))
    if read is None or len(read[1]) != len(fields):
        return None
    direction, values = read
    try:
        key = [model_field.to_python(value) for model_field, value in zip(fields, values, strict=True)]
    except (ValidationError, ValueError, TypeError):
        return None
    if any(value is None for value in key):
        return None
    return direction, key


def count_up_to(queryset, limit: int) -> int:
    """How many rows `queryset` holds, counting no further than `limit + 1` (more than `limit` when so).

    A list can say "12 visitas" or "más de 1,000" without counting a million rows.
    """
    return queryset.order_by().values("pk")[: limit + 1].count()
