"""The render stage alone: pages of a small site's model to HTML, and which pages are current. Nothing is written:
the model comes from the earlier stages in this process, rendering yields files."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from conftest import INITIATIVE, PAGE

from generator.content.config import load_config
from generator.content.entries import parse
from generator.content.sources import discover
from generator.incremental.state import PageKeys
from generator.output.writer import KeptFile, OutputFile
from generator.render.renderer import render
from generator.render.theme import load_theme
from generator.site.model import assemble
from generator.site.pages import plan_pages

STORY = """\
---
titel: Schaatsen bij de molens
verteller: Gerrit (verzonnen)
datum: "jaren '50"
wijk: Kinderdijk
onderwerpen: [molens]
toestemming: ja
licentie: CC BY 4.0
---
Het was koud. We schaatsten tot het donker werd.
"""
FILES = {"content/initiatieven/reparatiecafe.md": INITIATIVE, "content/verhalen/molens/index.md": STORY,
         "content/paginas/over.md": PAGE}


def rendered(root, keys):
    """The site in `root` read and planned as a build does, then rendered: path -> HTML, or None if kept."""
    config = load_config(root)
    files, _ = discover(root)
    entries, _ = parse(files, config, date(2026, 12, 5))
    site, _ = assemble(entries, config, today=date(2026, 12, 5))
    theme = load_theme(config, use_cache=False)
    pages = plan_pages(site, theme.messages)
    made = {}
    for file in render(pages, theme, site, {}, keys):
        assert isinstance(file, (OutputFile, KeptFile))
        made[file.path] = file.content.decode("utf-8") if isinstance(file, OutputFile) else None
    assert set(made) == {page.path for page in pages}
    return made


def test_every_page_is_rendered_the_first_time_with_its_entry(make_site):
    root = make_site(files=FILES, defaults=False)
    keys = PageKeys({}, set())
    made = rendered(root, keys)
    assert None not in made.values() and keys.rendered == len(made)
    page = BeautifulSoup(made["initiatieven/reparatiecafe/index.html"], "html.parser")
    assert page.h1.get_text(strip=True) == "Reparatiecafé"
    assert "Het was koud." in made["verhalen/molens/index.html"]


def test_nothing_changed_means_every_page_is_current(make_site):
    root = make_site(files=FILES, defaults=False)
    first = PageKeys({}, set())
    made = rendered(root, first)
    again = PageKeys(first.current, set(made))
    assert all(html is None for html in rendered(root, again).values()) and again.rendered == 0


def test_an_edited_text_renders_its_own_page_not_the_other_entries(make_site):
    root = make_site(files=FILES, defaults=False)
    first = PageKeys({}, set())
    made = rendered(root, first)
    story = root / "content/verhalen/molens/index.md"
    story.write_text(STORY.replace("Het was koud.", "Het vroor."), encoding="utf-8")
    again = PageKeys(first.current, set(made))
    remade = rendered(root, again)
    assert "Het vroor." in (remade["verhalen/molens/index.html"] or "")
    assert remade["initiatieven/reparatiecafe/index.html"] is None and remade["over/index.html"] is None
    assert 0 < again.rendered < len(made)


def test_a_page_no_longer_in_the_output_is_rendered_again(make_site):
    root = make_site(files=FILES, defaults=False)
    first = PageKeys({}, set())
    made = rendered(root, first)
    again = PageKeys(first.current, set(made) - {"over/index.html"})  # removed from the output by hand
    remade = rendered(root, again)
    assert remade["over/index.html"] is not None and again.rendered == 1
