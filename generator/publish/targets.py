"""`wijksite publish`: put a built site in a folder, a zip, a git branch or on a web server (rsync).

Every target first shows what changes (new, changed and no longer present files); removing files from the
target needs a yes, and --proef (--dry-run) changes nothing at all.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.dates import MONTHS_NL
from ..errors import UsageError
from ..gitcli import identity as _identity
from ..gitcli import run_git as _git
from ..output.manifest import MANIFEST, OWN_FILES, STAGING, UPDATING, present_files
from .handover import read_index, start_file

KINDS = ("map", "zip", "git", "rsync")
# files a web host or GitHub Pages needs at the top of the site, which a site cannot contain: never removed
HOST_FILES = (".htaccess", ".user.ini", "CNAME", ".well-known", "cgi-bin")
SHOWN = 10  # files listed per kind of change; the rest is counted
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Ask = Callable[[str], bool | None]  # None: there was no one to ask (no terminal)
Say = Callable[[str], None]


@dataclass(frozen=True)
class Target:
    """Where the site goes: kind is map, zip, git or rsync; place an absolute path or a remote address."""

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
        """Counts, and the first files of each kind, one per line."""
        if self.empty:
            return ["  niets veranderd"]
        lines = []
        for label, names in (("nieuw", self.added), ("veranderd", self.changed),
                             ("niet meer in de site", self.removed)):
            lines.append(f"  {len(names)} {label}{':' if names else ''}")
            lines += [f"      {name}" for name in names[:SHOWN]]
            if len(names) > SHOWN:
                lines.append(f"      … en nog {len(names) - SHOWN}")
        return lines


def compare(source: dict[str, str], target: dict[str, str]) -> Changes:
    """What changes when `target` becomes `source` (both: file name -> hash of its bytes)."""
    return Changes(added=sorted(set(source) - set(target)),
                   changed=sorted(n for n in set(source) & set(target) if source[n] != target[n]),
                   removed=sorted(set(target) - set(source)))


def target_from(values: Mapping[str, object], options: Mapping[str, str | None], root: Path) -> Target:
    """The target from the command line (paths relative to here), or else from site.yaml's `publiceren:`
    (paths relative to the site)."""
    given = [kind for kind in KINDS if options.get(kind)]
    if given:
        kind, place, base = given[0], str(options[given[0]]), Path.cwd()
    else:
        kind = str(values.get("doel") or "")
        if not kind:
            raise UsageError("waarheen? Geef --naar-map, --naar-zip, --naar-git of --naar-rsync, of zet onder "
                             "publiceren: in site.yaml een doel (zie docs/publiceren.md)")
        if not values.get(kind):
            raise UsageError(f"in site.yaml staat onder publiceren: 'doel: {kind}', maar geen regel '{kind}: ...' "
                             "die zegt waarheen (zie docs/publiceren.md)")
        place, base = str(values[kind]), root
    if options.get("tak") and kind != "git":
        raise UsageError("--tak hoort bij --naar-git (of doel: git in site.yaml)")
    branch = str(options.get("tak") or values.get("tak") or "gh-pages")
    if place.startswith("-") or branch.startswith("-"):
        raise UsageError(f"'{place if place.startswith('-') else branch}' is geen adres of tak: het begint met '-'")
    if kind in ("map", "zip") or not is_remote(place):
        place = str((base / Path(place).expanduser()).resolve())
    return Target(kind, place, branch)


def is_remote(place: str) -> bool:
    """An address such as gebruiker@server:/var/www or https://...; anything else is a path on this computer."""
    head, colon, _ = place.partition(":")
    return "://" in place or (bool(colon) and "/" not in head and len(head) > 1)  # "C:" is a Windows drive


def publish(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    """Publish the built site in `output` to `target`; returns what changed (or would change)."""
    publishers = {"map": _to_folder, "zip": _to_zip, "git": _to_git, "rsync": _to_rsync}
    if target.kind not in publishers:
        raise UsageError(f"onbekend doel '{target.kind}': kies map, zip, git of rsync")
    try:
        return publishers[target.kind](output, target, root, dry_run, ask, say)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise UsageError(f"publiceren naar {target.place} lukte niet: {exc.strerror or exc}{where}. Wat al "
                         "gekopieerd was, blijft staan; probeer het opnieuw als het probleem verholpen is") from exc
    except subprocess.TimeoutExpired as exc:
        raise UsageError(f"publiceren naar {target.place} duurde te lang en is afgebroken; probeer het "
                         "opnieuw") from exc


def site_files(output: Path) -> list[str]:
    """Every published file of a built site (the build's own list of files left out)."""
    return sorted(name for name in present_files(output) if name not in OWN_FILES)


def _to_folder(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    folder = Path(target.place)
    _refuse_the_site(folder, root, output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is een bestand, geen map; kies een map om naar te publiceren")
    if not folder.parent.is_dir():
        raise UsageError(f"de map {folder.parent} bestaat niet; is de (netwerk)schijf aangesloten?")
    source = site_files(output)
    start_name, start_bytes = start_file(read_index(output))  # a file at the top to open the site with
    present = present_files(folder) if folder.is_dir() else set()
    start_changed = not (folder / start_name).is_file() or (folder / start_name).read_bytes() != start_bytes
    changes = Changes(added=sorted((set(source) | {start_name}) - present),
                      changed=sorted([n for n in source if n in present and not _same_bytes(output / n, folder / n)]
                                     + ([start_name] if start_name in present and start_changed else [])),
                      removed=sorted(n for n in present - set(source) - {start_name}
                                     if n.split("/")[0] not in HOST_FILES))
    _show(changes, f"map {folder}" + ("" if folder.is_dir() else " (wordt gemaakt)"), say)
    if dry_run or changes.empty:
        return changes
    for name in changes.added + changes.changed:  # check all first: never write through a link to elsewhere
        if not (folder / name).parent.resolve().is_relative_to(folder.resolve()):
            raise UsageError(f"{folder / name} ligt via een snelkoppeling (symlink) buiten {folder}; wijksite "
                             "schrijft daar niet. Er is niets veranderd")
    folder.mkdir(exist_ok=True)
    for name in changes.added + changes.changed:
        destination = folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.wijksite")
        if name == start_name:
            temporary.write_bytes(start_bytes)
        else:
            shutil.copyfile(output / name, temporary)
        temporary.replace(destination)  # a visitor sees the old file or the new one, never half of it
    if changes.removed and _confirm_removal(changes, ask, say):
        for name in changes.removed:
            _remove(folder, name)
    return changes


def _same_bytes(first: Path, second: Path) -> bool:
    return first.stat().st_size == second.stat().st_size and first.read_bytes() == second.read_bytes()


def _remove(folder: Path, name: str) -> None:
    """Remove one file, and the folders that it leaves empty (never `folder` itself)."""
    path = folder / name
    path.unlink()
    parent = path.parent
    while parent != folder and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _refuse_the_site(place: Path, root: Path, output: Path) -> None:
    for protected in (root.resolve(), output.resolve(), (root / "content").resolve()):
        if place.is_relative_to(protected) or protected.is_relative_to(place):
            raise UsageError(f"{place} is (een deel van) de site zelf of bevat hem; kies een andere map om naar "
                             "te publiceren")


def _to_zip(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    path = Path(target.place)
    if path.is_dir():
        raise UsageError(f"{path} is een map; geef de naam van het zip-bestand, bijvoorbeeld {path / 'site.zip'}")
    if path.suffix.casefold() != ".zip":
        raise UsageError(f"de naam van het zip-bestand moet op .zip eindigen, bijvoorbeeld {path.name}.zip")
    if path.is_relative_to(output.resolve()) or path.is_relative_to((root / "content").resolve()):
        raise UsageError("het zip-bestand kan niet in de uitvoermap of in content/; kies een andere plek")
    if not path.parent.is_dir():
        raise UsageError(f"de map {path.parent} bestaat niet; kies een plek voor het zip-bestand")
    source = {name: hashlib.sha256((output / name).read_bytes()).hexdigest() for name in site_files(output)}
    changes = compare(source, _zip_contents(path))
    _show(changes, f"zip-bestand {path}", say)
    if dry_run or (changes.empty and path.exists()):
        return changes
    temporary = path.with_name(f".{path.name}.wijksite")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in source:  # sorted, fixed times, system and permissions: the same site gives the same bytes
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.create_system = 3  # Unix, also when made on Windows
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (output / name).read_bytes())
    temporary.replace(path)
    say(f"Geschreven: {path}. Upload dit bestand in het beheerpaneel van uw webhost en pak het daar uit.")
    return changes


def _zip_contents(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            return {i.filename: hashlib.sha256(archive.read(i)).hexdigest() for i in archive.infolist()
                    if not i.is_dir()}
    except zipfile.BadZipFile as exc:
        raise UsageError(f"{path} bestaat al en is geen zip-bestand; wijksite overschrijft het niet") from exc


def _to_git(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    where = f"tak {target.branch} van {target.place}"
    with tempfile.TemporaryDirectory(prefix="wijksite-git-") as temporary:  # never the user's own checkout
        work = Path(temporary) / "tak"
        _check_out(target, work)
        for entry in work.iterdir():
            if entry.name != ".git" and entry.name not in HOST_FILES:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        shutil.copytree(output, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(MANIFEST, UPDATING, STAGING))
        (work / ".nojekyll").write_bytes(b"")  # GitHub Pages: publish the files as they are, no Jekyll
        _git("add", "--all", cwd=work)
        changes = _staged(work)
        _show(changes, where, say)
        if dry_run or changes.empty:
            return changes
        if changes.removed and not _confirm_removal(changes, ask, say):
            for start in range(0, len(changes.removed), 200):  # they stay on the branch
                _git("reset", "--quiet", "--", *changes.removed[start:start + 200], cwd=work)
            if _git("diff", "--cached", "--quiet", cwd=work, check=False).returncode == 0:
                return changes
        today = date.today()
        message = f"Site bijgewerkt op {today.day} {MONTHS_NL[today.month - 1]} {today.year} (wijksite)"
        _git(*_identity(work), "commit", "--quiet", "--no-verify", "-m", message, cwd=work)
        push = _git("push", "--quiet", "origin", f"HEAD:refs/heads/{target.branch}", cwd=work, check=False)
        if push.returncode != 0:
            hint = (" De tak is daar uitgecheckt; publiceer naar een kale repository of een andere tak."
                    if "checked out" in push.stderr else " Hebt u toegang (ssh-sleutel of token)?")
            raise UsageError(f"pushen naar {target.place} lukte niet; er is niets veranderd.{hint}\n"
                             f"(git zegt: {push.stderr.strip()[-300:]})")
        commit = _git("rev-parse", "--short", "HEAD", cwd=work).stdout.strip()
        say(f"Gepubliceerd op {where} (commit {commit}: {message}).")
        return changes


def _check_out(target: Target, work: Path) -> None:
    """The target branch in `work`, as a shallow clone, or a new empty branch when it does not exist yet."""
    if _git("check-ref-format", "--branch", target.branch, check=False).returncode != 0:
        raise UsageError(f"'{target.branch}' is geen geldige naam voor een tak; gebruik bijvoorbeeld gh-pages")
    heads = _git("ls-remote", "--heads", "--", target.place, target.branch, check=False)
    if heads.returncode != 0:
        hint = "" if is_remote(target.place) else f"; maak er een met: git init --bare {target.place}"
        raise UsageError(f"de git-repository {target.place} is niet bereikbaar{hint}\n"
                         f"(git zegt: {heads.stderr.strip()[-300:]})")
    if heads.stdout.strip():
        _git("clone", "--quiet", "--no-local", "--depth", "1", "--branch", target.branch, "--single-branch",
             "--", target.place, str(work))
    else:
        _git("init", "--quiet", str(work))
        _git("checkout", "--quiet", "--orphan", target.branch, cwd=work)
        _git("remote", "add", "origin", target.place, cwd=work)


def _staged(work: Path) -> Changes:
    fields = _git("diff", "--cached", "--name-status", "--no-renames", "-z", cwd=work).stdout.split("\0")
    changes = Changes()
    for status, name in zip(fields[0:-1:2], fields[1::2], strict=False):
        {"A": changes.added, "D": changes.removed}.get(status[:1], changes.changed).append(name)
    return changes


def _to_rsync(output: Path, target: Target, root: Path, dry_run: bool, ask: Ask, say: Say) -> Changes:
    if shutil.which("rsync") is None:
        raise UsageError("rsync is niet geïnstalleerd; installeer het (Debian/Ubuntu: sudo apt-get install rsync, "
                         "Mac: brew install rsync) of kies een ander doel, bijvoorbeeld --naar-zip")
    if not is_remote(target.place):
        _refuse_the_site(Path(target.place), root, output)
    protect = [f"--filter=P /{name}" for name in HOST_FILES]
    own = [option for name in (MANIFEST, UPDATING, STAGING) for option in ("--exclude", f"/{name}")]
    command = ["rsync", "-rlc", *own, *protect, "-e", "ssh", f"{output}/", target.place]
    preview = _rsync([*command[:1], "--dry-run", "--itemize-changes", "--delete-after", *command[1:]])
    changes = Changes()
    for line in preview.splitlines():
        flags, _, name = line.partition(" ")
        name = name.lstrip(" ")
        if flags == "*deleting" and not name.endswith("/"):  # files only, as for the other targets
            changes.removed.append(name)
        elif flags[:2] in (">f", "<f"):
            (changes.added if "+++++" in flags else changes.changed).append(name)
    _show(changes, target.place, say)
    if dry_run or changes.empty:
        return changes
    delete = ["--delete-after"] if changes.removed and _confirm_removal(changes, ask, say) else []
    _rsync([*command[:1], *delete, *command[1:]])
    return changes


def _rsync(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise UsageError(f"rsync gaf een fout (code {result.returncode}): {result.stderr.strip()[-400:]}")
    return result.stdout


def _show(changes: Changes, where: str, say: Say) -> None:
    say(f"Publiceren naar {where}:")
    for line in changes.summary():
        say(line)


def _confirm_removal(changes: Changes, ask: Ask, say: Say) -> bool:
    count = len(changes.removed)
    answer = ask(f"{count} {'bestand staat' if count == 1 else 'bestanden staan'} op het doel maar niet meer in de "
                 "site. Verwijderen?")
    if answer:
        return True
    if answer is None:
        say("Niet verwijderd: er is geen terminal om het te vragen. Geef --ja mee om ze te laten verwijderen.")
    else:
        say("Niet verwijderd; de oude bestanden blijven op het doel staan.")
    return False


def ask_on_terminal(question: str) -> bool | None:
    """Ask ja/nee on a terminal; without one (a script, CI) there is no answer: None."""
    if not sys.stdin.isatty():
        return None
    try:
        answer = input(f"{question} [ja/nee] ").strip().casefold()
        while answer not in ("ja", "j", "nee", "n"):
            answer = input("Typ ja of nee: ").strip().casefold()
    except EOFError:
        return None
    return answer.startswith("j")
