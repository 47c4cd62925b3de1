"""Themes: template and static-file search order, the Jinja2 environment, UI messages, static files and their
names. What templates can call is in filters.py; rendering pages is renderer.py."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..content.config import Config
from ..content.slugs import path_problem, same_on_every_disk
from ..errors import BuildStopped, SiteError
from ..incremental.cache import fingerprint
from ..incremental.templates import referenced_templates
from ..options import DEFAULT_THEME, default_theme_dir
from .filters import add_filters


@dataclass(frozen=True)
class Theme:
    """The folders searched for templates and static files, most specific first."""

    folders: tuple[Path, ...]
    environment: jinja2.Environment
    messages: dict[str, str]

    def fingerprint(self) -> str:
        """A hash of every template and message the theme can use: a change re-renders every page."""
        sources = sorted(
            (str(p), p.read_bytes())
            for folder in self.folders
            if (folder / "templates").is_dir()
            for p in (folder / "templates").rglob("*")
            if p.is_file()
        )
        return fingerprint(sources, sorted(self.messages.items()))

    def locate(self, name: str, text: str) -> tuple[str, int | None]:
        """Where `text` is written in the template `name` or a template it extends, includes or imports: its file
        and line; else the file of `name` itself, without a line."""
        environment, todo, seen, first = self.environment, [name], set(), ""
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            try:
                source, filename, _ = environment.loader.get_source(environment, current)  # type: ignore[union-attr]
            except jinja2.TemplateError:
                continue
            shown = _shown(filename or current, self.folders)
            first = first or shown
            position = source.find(text)
            if position >= 0:
                return shown, source.count("\n", 0, position) + 1
            todo += referenced_templates(source) or []
        return first or name, None

    def static_files(self) -> dict[str, Path]:
        """Output path -> source file; a site's own file wins over the theme's."""
        files: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                inside = Path(os.path.realpath(static))
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        if not Path(os.path.realpath(path)).is_relative_to(inside):
                            raise BuildStopped(
                                [
                                    SiteError(
                                        path.relative_to(folder).as_posix(),
                                        None,
                                        "deze snelkoppeling wijst naar buiten de map static/",
                                        "zet het bestand zelf in static/",
                                    )
                                ]
                            )
                        files["static/" + path.relative_to(static).as_posix()] = path
        if "static/favicon.ico" in files:  # browsers ask for /favicon.ico whatever the page says
            files["favicon.ico"] = files["static/favicon.ico"]
        return files


def _shown(filename: str, folders: tuple[Path, ...]) -> str:
    """A template's file as a volunteer finds it: relative to the site, or to the theme's folder."""
    path = Path(filename)
    for folder in folders:
        if path.is_relative_to(folder):
            return path.relative_to(folder).as_posix() if folder == folders[0] else \
                f"{folder.name}/{path.relative_to(folder).as_posix()}"
    return filename


def static_problems(files: dict[str, Path], root: Path) -> list[SiteError]:
    """An error for each static file whose name Windows, macOS or a USB stick cannot hold, or that differs from
    another only in case: it cannot get a safe name of its own, since templates name it as it is."""
    problems: list[SiteError] = []
    seen: dict[str, str] = {}
    for path, source in sorted(files.items()):
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        reason, first = path_problem(path), seen.setdefault(same_on_every_disk(path), shown)
        if reason is None and first != shown:
            reason = f"op Windows, een Mac en een USB-stick is dit hetzelfde bestand als {first}"
        if reason:
            problems.append(SiteError(shown, None, reason, "geef het bestand een andere naam, en pas de templates "
                                      "die het noemen aan"))
    return problems


def theme_folders(config: Config) -> tuple[Path, ...]:
    """Site overrides, then the chosen theme, then the default theme."""
    folders = [config.root]
    if config.theme != DEFAULT_THEME:
        for candidate in (config.root / "themes" / config.theme, default_theme_dir().parent / config.theme):
            if candidate.is_dir():
                folders.append(candidate)
                break
        else:
            raise BuildStopped(
                [
                    SiteError(
                        "site.yaml",
                        None,
                        f"het thema '{config.theme}' bestaat niet",
                        f"zet het thema in themes/{config.theme}/ of gebruik thema: standaard",
                    )
                ]
            )
    folders.append(default_theme_dir())
    return tuple(folders)


def load_theme(config: Config, use_cache: bool = True) -> Theme:
    folders = theme_folders(config)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({DEFAULT_THEME: jinja2.FileSystemLoader(str(default_theme_dir() / "templates"))}),
            jinja2.FileSystemLoader([str(folder / "templates") for folder in folders]),
        ]
    )
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(config.root) if use_cache else None,
    )
    messages = _messages(folders, config.language)
    environment.globals["t"] = lambda key, **values: message(messages, key, values)
    add_filters(environment, config, use_cache)  # what templates can call besides t(): see filters.py
    return Theme(folders, environment, messages)


def _bytecode_cache(root: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (a third of a small site's build time); none if unwritable."""
    folder = root / ".wijksite-cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _messages(folders: tuple[Path, ...], language: str) -> dict[str, str]:
    return catalogue(folders, language)


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it: 9 times quicker


def catalogue(folders: tuple[Path, ...], name: str) -> dict[str, str]:
    """The texts of berichten/<name>.yaml: the default theme's first, a site's own file over them."""
    messages: dict[str, str] = {}
    for folder in reversed(folders):
        path = folder / "berichten" / f"{name}.yaml"
        if path.is_file():
            messages.update(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {})
    return messages


def message(messages: dict[str, str], key: str, values: dict[str, Any]) -> str:
    """A UI text; "one|many" texts pick by the `aantal` value."""
    if key not in messages:
        raise KeyError(f"het bericht '{key}' ontbreekt in berichten/")
    text = str(messages[key])
    if "|" in text and "aantal" in values:
        one, many = text.split("|", 1)
        text = one if values["aantal"] == 1 else many
    return str(text.format(**values) if values else text)
