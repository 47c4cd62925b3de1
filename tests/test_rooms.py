"""The package's rooms keep their order: a room imports only rooms below it (the table in the README's "How it
works", lowest first), and every room says what it holds and what it may import."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ORDER = ["__init__", "errors", "memory", "workers", "gitcli", "arguments", "incremental", "options", "text",
         "content", "site", "photos", "output", "search", "render", "pipeline", "build", "publish", "editing",
         "preview", "werkplaats", "beheer", "cli", "__main__"]


def room_of(path: Path) -> str:
    parts = path.relative_to(GENERATOR).parts
    return parts[0] if len(parts) > 1 else path.stem


def imported_rooms(path: Path) -> set[str]:
    """The rooms a module imports from, by its relative imports."""
    depth = len(path.relative_to(GENERATOR).parts) - 1
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > depth:  # out of its own room
            rooms.add((node.module or "__init__").split(".")[0])
    return rooms


def test_every_module_is_in_a_room_of_the_table():
    assert {room_of(path) for path in GENERATOR.rglob("*.py")} <= set(ORDER)


def test_no_room_imports_a_room_above_it():
    # generator/__init__.py is both: rooms take __version__ from it, and its run() (`wijksite`) starts cli
    modules = [path for path in sorted(GENERATOR.rglob("*.py")) if path != GENERATOR / "__init__.py"]
    upward = [(str(path.relative_to(GENERATOR)), room) for path in modules
              for room in imported_rooms(path) if ORDER.index(room) > ORDER.index(room_of(path))]
    assert upward == []


def test_every_room_says_what_it_holds_and_may_import():
    for init in GENERATOR.glob("*/__init__.py"):
        text = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(text) > 60 and "May import" in text, init
