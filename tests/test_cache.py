"""The build cache: values kept in batches, the latest value of a key wins, and the file does not grow forever."""

from __future__ import annotations

import pickle
import sqlite3
import zlib

from generator.incremental.cache import BuildCache


def batches(folder) -> int:
    with sqlite3.connect(folder / "bouw.sqlite") as connection:
        (count,) = connection.execute("SELECT count(*) FROM entries_batches").fetchone()
    return int(count)


def test_values_come_back_from_their_latest_batch(tmp_path):
    cache = BuildCache(tmp_path)
    cache.put_many("entries", {f"k{n}": {"n": n} for n in range(10)})
    cache.put_many("entries", {"k3": "nieuw", "k11": (1, 2)})
    assert cache.get_many("entries", ["k3", "k4", "k11", "onbekend"]) == {"k3": "nieuw", "k4": {"n": 4}, "k11": (1, 2)}
    cache.put_many("entries", {f"m{n}": n for n in range(150)})
    many = cache.get_many("entries", [f"m{n}" for n in range(200)] * 2 + ["k3"])  # one look at all the keys
    assert many == {f"m{n}": n for n in range(150)} | {"k3": "nieuw"}
    cache.close()
    assert BuildCache(tmp_path).get_many("entries", ["k3"]) == {"k3": "nieuw"}  # kept on disk


def test_a_batch_no_key_points_at_is_removed(tmp_path):
    cache = BuildCache(tmp_path)
    for edit in range(30):
        cache.put_many("entries", {"molens": edit})
    assert cache.get_many("entries", ["molens"]) == {"molens": 29}
    assert batches(tmp_path) == 1


def test_scattered_and_stale_values_are_gathered_into_full_batches(tmp_path):
    cache = BuildCache(tmp_path)
    cache.put_many("entries", {f"k{n}": n for n in range(1000)})  # one batch, then an edit at a time
    for n in range(60):
        cache.put_many("entries", {f"k{n * 7}": -n})
    assert batches(tmp_path) == 61
    keys = {f"k{n}" for n in range(1000)}
    cache.keep_only("entries", keys)
    assert batches(tmp_path) <= 2
    expected = {f"k{n}": n for n in range(1000)} | {f"k{n * 7}": -n for n in range(60)}
    assert cache.get_many("entries", keys) == expected
    cache.keep_only("entries", {f"k{n}" for n in range(10)})  # most of them are gone now
    assert cache.get_many("entries", keys) == {f"k{n}": expected[f"k{n}"] for n in range(10)}
    assert batches(tmp_path) <= 2


def damage(folder, batch: int, value: bytes, crc: int | None = None) -> None:
    """Overwrite one batch's bytes; with `crc`, the bytes pass the CRC check and reach the unpickler."""
    with sqlite3.connect(folder / "bouw.sqlite") as connection:
        connection.execute("UPDATE entries_batches SET value = ?, crc = coalesce(?, crc) WHERE batch = ?",
                           (value, crc, batch))


def test_a_flipped_bit_is_caught_and_only_that_batch_is_made_again(tmp_path):
    cache = BuildCache(tmp_path)
    cache.put_many("entries", {"a": "winkels", "b": 2})
    cache.put_many("entries", {"c": 3})
    with sqlite3.connect(tmp_path / "bouw.sqlite") as connection:
        (value,) = connection.execute("SELECT value FROM entries_batches WHERE batch = 1").fetchone()
    damage(tmp_path, 1, value.replace(b"winkels", b"wijkels"))  # still a valid pickle: only the CRC tells
    assert cache.get_many("entries", ["a", "b", "c"]) == {"c": 3}  # never the wrong text
    assert batches(tmp_path) == 1  # the damaged batch is forgotten...
    cache.put_many("entries", {"a": "winkels", "b": 2})  # ...and its values kept again when made again
    assert cache.get_many("entries", ["a", "b", "c"]) == {"a": "winkels", "b": 2, "c": 3}


def test_whatever_a_damaged_batch_makes_the_unpickler_raise_the_cache_carries_on(tmp_path):
    good = pickle.dumps({"a": 1}, pickle.HIGHEST_PROTOCOL)
    not_utf8 = b"\x80\x04X\x02\x00\x00\x00\xff\xfe."  # UnicodeDecodeError, which is no UnpicklingError
    for garbage in (b"kapot", b"\x80\x63\x00", good[:-3], b"\x80\x05\x95" + b"\xff" * 8, not_utf8):
        (tmp_path / "bouw.sqlite").unlink(missing_ok=True)
        cache = BuildCache(tmp_path)
        cache.put_many("entries", {"a": 1})
        cache.put_many("entries", {"b": 2})
        damage(tmp_path, 1, garbage, zlib.crc32(garbage))
        assert cache.get_many("entries", ["a", "b"]) == {"b": 2}, garbage
        cache.close()


def test_a_file_that_is_no_database_is_replaced_by_an_empty_cache(tmp_path):
    (tmp_path / "bouw.sqlite").write_bytes(bytes(range(256)) * 400)
    cache = BuildCache(tmp_path)
    assert cache.get_many("entries", ["a"]) == {}
    cache.put_many("entries", {"a": 1})
    cache.close()
    assert BuildCache(tmp_path).get_many("entries", ["a"]) == {"a": 1}  # kept: the cache works again


def test_a_cache_of_an_earlier_wijksite_is_replaced(tmp_path):
    with sqlite3.connect(tmp_path / "bouw.sqlite") as connection:
        connection.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB)")
        connection.execute("INSERT INTO entries VALUES ('a', x'00')")
    cache = BuildCache(tmp_path)
    assert cache.get_many("entries", ["a"]) == {}
    cache.put_many("entries", {"a": 1})
    assert cache.get_many("entries", ["a"]) == {"a": 1}
