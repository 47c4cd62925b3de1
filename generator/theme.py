"""Themes: template and static-file search order, UI messages, and rendering pages with Jinja2."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from .agenda import parse_schedule
from .cache import fingerprint
from .compounds import compound_parts
from .config import Config
from .content import Initiative, Story
from .dates import MONTHS_EN, MONTHS_NL, decade_label
from .errors import BuildStopped, SiteError
from .linked_data import json_ld
from .links import LinkCheck, relink
from .markup import expand
from .pages import PagePlan, relative_url, url_of
from .posters import add_paper_helpers
from .slugs import path_problem, same_on_every_disk

DEFAULT_THEME = "standaard"


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or the repository's themes/ in a checkout."""
    packaged = Path(__file__).parent / "themes" / DEFAULT_THEME
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes" / DEFAULT_THEME


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


class TemplateScan:
    """Which templates can show something: the template, or one it extends, includes or imports, has text that
    matches `pattern` (found once per template). A template chosen while rendering, or one that cannot be read,
    counts as matching: the answer may be too cautious, never wrong."""

    def __init__(self, environment: jinja2.Environment, pattern: re.Pattern[str]) -> None:
        self.environment, self.pattern = environment, pattern
        self.known: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        if name not in self.known:
            self.known[name] = True  # while looking (a template that includes itself)
            self.known[name] = self._matches(name)
        return self.known[name]

    def _matches(self, name: str) -> bool:
        try:
            source, _, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]
        except jinja2.TemplateError:
            return True  # rendering reports the mistake
        if self.pattern.search(source):
            return True
        referenced = referenced_templates(source)
        return referenced is None or any(self(other) for other in referenced)


class TemplateKeys:
    """A hash per template of its own text and the texts of every template it extends, includes or imports, as
    the loader finds them (a site's own override first): changing one template makes again only the pages that use
    it. A template that chooses another while rendering, or one that cannot be read, depends on all of them."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.known: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self.known:
            used = self._closure(name)
            self.known[name] = self.theme.fingerprint() if used is None else fingerprint(sorted(used.items()))
        return self.known[name]

    def _closure(self, name: str) -> dict[str, tuple[str, str]] | None:
        """Every template `name` uses, itself included: name -> (file, text); None if that cannot be known."""
        environment, used, todo = self.theme.environment, {}, [name]
        while todo:
            current = todo.pop()
            if current in used:
                continue
            try:
                source, filename, _ = environment.loader.get_source(environment, current)  # type: ignore[union-attr]
            except jinja2.TemplateError:
                return None
            used[current] = (str(filename), source)
            referenced = referenced_templates(source)
            if referenced is None:
                return None
            todo += referenced
        return used


_REFERENCE = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\s+(.*?)[-+]?%\}", re.DOTALL)
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_NAME = re.compile(r"""^(?:\[\s*)?((?:["'][^"']+["']\s*,?\s*)+)\]?""")


def referenced_templates(source: str) -> list[str] | None:
    """The templates a template extends, includes or imports, by name; None if one is chosen while rendering
    (`{% extends layout %}`). Read from the text: much quicker than Jinja's parser, which did this before."""
    names: list[str] = []
    for expression in _REFERENCE.findall(_COMMENT.sub("", source)):
        literal = _NAME.match(expression.strip())
        if literal is None:
            return None
        names += re.findall(r"""["']([^"']+)["']""", literal.group(1))
    return names


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
    environment.filters["url"] = _url_filter
    environment.filters["dag"] = lambda value: _day_label(value, config.language)
    environment.filters["content"] = _content_filter
    environment.globals["compound_parts"] = compound_parts
    environment.globals["json_ld"] = json_ld
    environment.globals["schedule"] = lambda initiative: parse_schedule(initiative.when)
    environment.tests["initiatief"] = lambda value: isinstance(value, Initiative)
    environment.tests["verhaal"] = lambda value: isinstance(value, Story)
    environment.globals["decade_name"] = lambda decade: decade_label(decade, config.language)
    environment.filters["datum"] = lambda value: value.label(config.language)
    add_paper_helpers(environment, config, config.root / ".wijksite-cache" / "qr" if use_cache else None)
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


def catalogue(folders: tuple[Path, ...], name: str) -> dict[str, str]:
    """The texts of berichten/<name>.yaml: the default theme's first, a site's own file over them."""
    messages: dict[str, str] = {}
    for folder in reversed(folders):
        path = folder / "berichten" / f"{name}.yaml"
        if path.is_file():
            messages.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
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


def _day_label(value: date, language: str) -> str:
    months = MONTHS_EN if language == "en" else MONTHS_NL
    return f"{value.day} {months[value.month - 1]} {value.year}"


@jinja2.pass_context
def _url_filter(context: jinja2.runtime.Context, target: Any) -> str:
    """{{ story|url }}: a link from the page being rendered to an entry, group or static path."""
    page: PagePlan = context["page"]
    site_url = url_of(target)
    if page.root_relative:
        base = str(context["base_path"])
        return base + quote(site_url + "index.html" if site_url.endswith("/") and site_url != "" else site_url)
    return relative_url(page.path, site_url)


@jinja2.pass_context
def _content_filter(context: jinja2.runtime.Context, html: str) -> Markup:
    """Sanitised content HTML with its links made relative to the page being rendered; a dead one as plain text."""
    page: PagePlan = context["page"]
    links: LinkCheck | None = context.get("links")
    return Markup(relink(expand(html), page.path.rpartition("/")[0], lambda target: _url_filter(context, target),
                         links.alive if links else lambda target: True))
