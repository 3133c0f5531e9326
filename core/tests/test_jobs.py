"""The machinery every background job shares (`core.jobs`); the jobs' own tests (reports, exports) prove
the rest of their life with real rows."""

import psycopg
import pytest
from django.db import connection

from core.jobs import RunLock, write_atomically


def test_a_file_is_written_beside_its_final_name_then_renamed(tmp_path):
    final = tmp_path / "exports" / "export_7.csv"
    seen = []

    def write(path):
        seen.append(path)
        assert not final.exists()  # nobody sees half a file
        path.write_bytes(b"a,b\n")
        return 2

    assert write_atomically(final, write) == 2
    assert seen[0].parent == final.parent
    assert seen[0].name.startswith(".export_7.csv.")
    assert seen[0].name.endswith(".part")
    assert final.read_bytes() == b"a,b\n"
    assert [p.name for p in final.parent.iterdir()] == ["export_7.csv"]


def test_a_failed_write_leaves_no_file_and_clears_what_a_killed_run_left(tmp_path):
    final = tmp_path / "export_8.csv"
    (tmp_path / ".export_8.csv.deadbeef.part").write_bytes(b"half")

    def broken(path):
        path.write_bytes(b"half again")
        raise ValueError("disco lleno")

    with pytest.raises(ValueError, match="disco lleno"):
        write_atomically(final, broken)
    assert list(tmp_path.iterdir()) == []


def test_a_second_write_replaces_the_file(tmp_path):
    final = tmp_path / "export_9.csv"
    write_atomically(final, lambda path: path.write_bytes(b"uno"))
    write_atomically(final, lambda path: path.write_bytes(b"dos"))
    assert final.read_bytes() == b"dos"
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.django_db
def test_a_run_lock_is_held_by_one_session_at_a_time():
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, autocommit=True
    )
    try:
        with RunLock(0x7E57, 1) as first:
            assert first
            assert not other.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x7E57, 1]).fetchone()[0]
            assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x7E57, 2]).fetchone()[0]  # another job
            other.execute("SELECT pg_advisory_unlock(%s, %s)", [0x7E57, 2])
        # Released at the end of the run: another session takes it.
        assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x7E57, 1]).fetchone()[0]
        with RunLock(0x7E57, 1) as second:
            assert not second
        other.execute("SELECT pg_advisory_unlock(%s, %s)", [0x7E57, 1])
    finally:
        other.close()
