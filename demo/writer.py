"""Fast inserts for seeded data: PostgreSQL's COPY when available, `bulk_create` in batches otherwise.

Neither path calls `save()`, so django-simple-history records no history for these rows and no signal
fires: that is deliberate for generated data. Rows are tuples in the order of the given field names;
fields left out get their model default (or NULL), and `created_at` / `updated_at` are stamped here.
"""

import itertools
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models, reset_queries
from django.utils import timezone

BATCH_SIZE = 5000


class TableWriter:
    """Writes rows of one model at a time; `ids=True` returns the new primary keys in row order."""

    def __init__(self, *, batch_size: int = BATCH_SIZE):
        self.batch_size = batch_size
        self.now = timezone.now()
        self.use_copy = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], *, ids: bool = False):
        """Insert rows; with ids=True return their new primary keys (the rows are then held in memory)."""
        fields = list(fields)
        extra = self._filled_fields(model, fields)
        if ids:
            rows = list(rows)
        if self.use_copy:
            new_ids = self._reserve_ids(model, len(rows)) if ids else None
            written = self._copy(model, fields, extra, rows, new_ids)
        else:
            written, new_ids = self._bulk_create(model, fields, rows, ids)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        return new_ids

    # --- PostgreSQL -------------------------------------------------------------------
    def _reserve_ids(self, model, count: int) -> list[int]:
        if not count:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _copy(self, model, fields, extra, rows, new_ids) -> int:
        opts = model._meta
        qn = connection.ops.quote_name
        columns = [opts.get_field(name).column for name in fields] + [f.column for f, _ in extra]
        json_positions = [i for i, name in enumerate(fields) if isinstance(opts.get_field(name), models.JSONField)]
        if new_ids is not None:
            columns.insert(0, opts.pk.column)
        sql = f"COPY {qn(opts.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
        written = 0
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for index, row in enumerate(rows):
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = json.dumps(row[i])
                values = (*row, *(fill() for _, fill in extra))
                if new_ids is not None:
                    values = (new_ids[index], *values)
                copy.write_row(values)
                written += 1
        return written

    def _filled_fields(self, model, fields):
        """Columns COPY must fill itself: timestamps, then defaults of the fields the caller left out."""
        filled = []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in fields or field.attname in fields:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                filled.append((field, lambda: self.now))
            elif field.has_default():
                filled.append((field, field.get_default))
            elif field.null:
                filled.append((field, lambda: None))
            else:
                raise ValueError(f"{model._meta.label}.{field.name} needs a value in the seeded rows.")
        return filled

    # --- Any other database -----------------------------------------------------------
    def _bulk_create(self, model, fields, rows, ids):
        written, new_ids = 0, [] if ids else None
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, self.batch_size)):
            objects = model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in batch], batch_size=self.batch_size
            )
            if ids:
                new_ids.extend(obj.pk for obj in objects)
            written += len(batch)
            reset_queries()  # with DEBUG on, Django would keep every batch's SQL in memory
        return written, new_ids
