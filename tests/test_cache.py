"""The build cache: values kept in batches, the latest value of a key wins, and the file does not grow forever."""

from __future__ import annotations

import sqlite3

from generator.cache import BuildCache


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


def test_a_damaged_cache_is_empty_and_mends_itself(tmp_path):
    cache = BuildCache(tmp_path)
    cache.put_many("entries", {"a": 1, "b": 2})
    cache.connection.execute("UPDATE entries_batches SET value = ?", (b"kapot",))
    cache.connection.commit()
    assert cache.get_many("entries", ["a", "b"]) == {}  # everything is made again...
    cache.put_many("entries", {"a": 1, "b": 2})  # ...and kept again: the damaged batch is gone
    assert cache.get_many("entries", ["a", "b"]) == {"a": 1, "b": 2}
    assert batches(tmp_path) == 1


def test_a_cache_of_an_earlier_wijksite_is_replaced(tmp_path):
    with sqlite3.connect(tmp_path / "bouw.sqlite") as connection:
        connection.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB)")
        connection.execute("INSERT INTO entries VALUES ('a', x'00')")
    cache = BuildCache(tmp_path)
    assert cache.get_many("entries", ["a"]) == {}
    cache.put_many("entries", {"a": 1})
    assert cache.get_many("entries", ["a"]) == {"a": 1}
