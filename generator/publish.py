"""`wijksite publish`: build, then put the site on a folder, a zip, a git branch or a web server (rsync).

Every target first shows what changes (added, changed, removed files); removing files on the target needs a
yes, and --dry-run changes nothing at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import UsageError
from .output import MANIFEST, present_files

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Ask = Callable[[str], bool]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Target:
    """Where the site goes: kind is map, zip, git or rsync; place is the folder, file, repository or address."""

    kind: str
    place: str
    branch: str = "gh-pages"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> list[str]:
        lines = []
        for label, names in (("nieuw", self.added), ("veranderd", self.changed), ("weg", self.removed)):
            if names:
                shown = ", ".join(names[:10]) + (f" en nog {len(names) - 10}" if len(names) > 10 else "")
                lines.append(f"  {len(names)} {label}: {shown}")
        return lines or ["  niets veranderd"]


def site_files(output: Path) -> dict[str, str]:
    """Every published file of a built site with the hash of its bytes (the build's own list left out)."""
    return {name: _hash(output / name) for name in sorted(present_files(output)) if name != MANIFEST}


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare(source: dict[str, str], target: dict[str, str]) -> Changes:
    return Changes(
        added=sorted(set(source) - set(target)),
        changed=sorted(n for n in set(source) & set(target) if source[n] != target[n]),
        removed=sorted(set(target) - set(source)),
    )


def publish(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    """Publish the built site in `output` to `target`; returns what changed (or would change)."""
    publishers = {"map": _to_folder, "zip": _to_zip, "git": _to_git, "rsync": _to_rsync}
    if target.kind not in publishers:
        raise UsageError(f"onbekend doel '{target.kind}': kies map, zip, git of rsync")
    return publishers[target.kind](output, target, root, dry_run, ask, say)


def _to_folder(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    folder = Path(target.place).expanduser().resolve()
    for protected in (root.resolve(), output.resolve(), (root / "content").resolve()):
        if folder == protected or folder.is_relative_to(protected) or protected.is_relative_to(folder):
            raise UsageError(f"{folder} is (een deel van) de site zelf; kies een andere map om naar te publiceren")
    source = site_files(output)
    existing = {name: _hash(folder / name) for name in present_files(folder)} if folder.is_dir() else {}
    changes = compare(source, existing)
    _show(changes, f"map {folder}", say)
    if dry_run or changes.empty:
        return changes
    for name in changes.added + changes.changed:
        destination = folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.wijksite")
        shutil.copyfile(output / name, temporary)
        temporary.replace(destination)
    if changes.removed and _confirm_removal(changes, ask, say):
        for name in changes.removed:
            (folder / name).unlink()
    return changes


def _to_zip(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    path = Path(target.place).expanduser().resolve()
    if path.is_relative_to(output.resolve()):
        raise UsageError("het zip-bestand kan niet in de uitvoermap zelf; kies een andere plek")
    source = site_files(output)
    existing: dict[str, str] = {}
    if path.is_file():
        with zipfile.ZipFile(path) as archive:
            existing = {info.filename: hashlib.sha256(archive.read(info)).hexdigest() for info in archive.infolist()}
    changes = compare(source, existing)
    _show(changes, f"zip-bestand {path}", say)
    if dry_run:
        return changes
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.wijksite")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in source:  # sorted, fixed times and permissions: the same site gives the same zip
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (output / name).read_bytes())
    temporary.replace(path)
    say(f"Geschreven: {path}. Upload dit bestand in het beheerpaneel van uw webhost en pak het daar uit.")
    return changes


def _git(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    identity = ["-c", "user.name=wijksite", "-c", "user.email=wijksite@localhost"]
    try:
        return subprocess.run(
            ["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=check, timeout=600
        )
    except FileNotFoundError as exc:
        raise UsageError(
            "git is niet geïnstalleerd; installeer het (apt-get install git) of kies een ander doel"
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise UsageError(f"git gaf een fout: {(exc.stderr or exc.stdout).strip()[-400:]}") from exc


def _to_git(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    with tempfile.TemporaryDirectory(prefix="wijksite-git-") as temporary:
        work = Path(temporary) / "tak"
        branch_exists = bool(_git("ls-remote", "--heads", target.place, target.branch).stdout.strip())
        if branch_exists:
            _git(
                "clone",
                "--quiet",
                "--depth",
                "1",
                "--branch",
                target.branch,
                "--single-branch",
                target.place,
                str(work),
            )
        else:
            _git("init", "--quiet", str(work))
            _git("checkout", "--quiet", "--orphan", target.branch, cwd=work)
            _git("remote", "add", "origin", target.place, cwd=work)
        for entry in work.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        shutil.copytree(output, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(MANIFEST))
        (work / ".nojekyll").write_bytes(b"")  # GitHub Pages: publish the files as they are, no Jekyll
        _git("add", "--all", cwd=work)
        status = _git("diff", "--cached", "--name-status", "--no-renames", cwd=work).stdout.splitlines()
        changes = Changes()
        for line in status:
            kind, name = line.split("\t", 1)
            {"A": changes.added, "M": changes.changed, "D": changes.removed}.get(kind[0], changes.changed).append(name)
        _show(changes, f"tak {target.branch} van {target.place}", say)
        if dry_run or changes.empty:
            return changes
        if changes.removed and not _confirm_removal(changes, ask, say):
            for name in changes.removed:
                _git("reset", "--quiet", "--", name, cwd=work)
        _git("commit", "--quiet", "-m", f"Site bijgewerkt op {date.today().isoformat()} (wijksite)", cwd=work)
        _git("push", "--quiet", "origin", f"{target.branch}:{target.branch}", cwd=work)
        say(f"Gepubliceerd op tak {target.branch}.")
        return changes


def _to_rsync(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    if shutil.which("rsync") is None:
        raise UsageError(
            "rsync is niet geïnstalleerd; installeer het (Debian/Ubuntu: apt-get install rsync, "
            "Mac: brew install rsync) of kies een ander doel"
        )
    base = ["rsync", "-rlc", "--exclude", MANIFEST, "-e", "ssh", f"{output}/", target.place]
    preview = subprocess.run(
        [*base[:1], "--dry-run", "--itemize-changes", "--delete-after", *base[1:]],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if preview.returncode != 0:
        raise UsageError(f"rsync gaf een fout: {preview.stderr.strip()[-400:]}")
    changes = Changes()
    for line in preview.stdout.splitlines():
        flags, _, name = line.partition(" ")
        if flags.startswith("*deleting"):
            changes.removed.append(name.strip())
        elif flags[:2] in (">f", "<f"):
            (changes.added if "+++++" in flags else changes.changed).append(name.strip())
    _show(changes, target.place, say)
    if dry_run or changes.empty:
        return changes
    delete = ["--delete-after"] if changes.removed and _confirm_removal(changes, ask, say) else []
    result = subprocess.run([*base[:1], *delete, *base[1:]], capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise UsageError(f"rsync gaf een fout: {result.stderr.strip()[-400:]}")
    return changes


def _show(changes: Changes, where: str, say: Say) -> None:
    say(f"Publiceren naar {where}:")
    for line in changes.summary():
        say(line)


def _confirm_removal(changes: Changes, ask: Ask, say: Say) -> bool:
    if ask(f"{len(changes.removed)} bestand(en) staan wel op het doel maar niet meer in de site. Verwijderen?"):
        return True
    say("Niet verwijderd; de oude bestanden blijven op het doel staan.")
    return False


def target_from(values: dict[str, object], options: dict[str, str | None]) -> Target:
    """The target from the command line, or else from site.yaml's `publiceren:`."""
    for kind in ("map", "zip", "git", "rsync"):
        if options.get(kind):
            return Target(kind, str(options[kind]), options.get("tak") or str(values.get("tak", "gh-pages")))
    kind = str(values.get("doel", ""))
    if kind and values.get(kind):
        return Target(kind, str(values[kind]), options.get("tak") or str(values.get("tak", "gh-pages")))
    raise UsageError(
        "waarheen? Geef --naar-map, --naar-zip, --naar-git of --naar-rsync, of zet onder publiceren: "
        "in site.yaml een doel (zie docs/publiceren.md)"
    )


def ask_on_terminal(question: str) -> bool:
    """Ask yes/no on a terminal; without one (a script, CI) the answer is no."""
    if not os.isatty(0):
        return False
    return input(f"{question} [ja/nee] ").strip().casefold() in ("ja", "j", "yes", "y")
