"""Real builds of small sites: every page type, working links, drafts, consent, safety of output/."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.build import build
from generator.errors import BuildStopped
from generator.options import BuildOptions
from tests.conftest import INITIATIVE, REPO, STORY, read_html, tree_digest, write_jpeg

PAGE_TYPES = [
    "index.html",
    "initiatieven/index.html",
    "initiatieven/reparatiecafe/index.html",
    "verhalen/index.html",
    "verhalen/molens/index.html",
    "tijdlijn/index.html",
    "tijdlijn/1950/index.html",
    "wijken/index.html",
    "wijken/kinderdijk/index.html",
    "themas/index.html",
    "themas/duurzaamheid/index.html",
    "organisaties/index.html",
    "organisaties/stichting-welzijn-alblasserdam/index.html",
    "onderwerpen/index.html",
    "onderwerpen/molens/index.html",
    "over/index.html",
    "404.html",
]


def local_links(output: Path) -> list[tuple[str, str]]:
    """(page, target file) for every href and src that points inside the site."""
    links = []
    for page in sorted(output.rglob("*.html")):
        if page.name == "404.html":
            continue
        soup = read_html(page)
        for tag in soup.find_all(["a", "link", "img", "source", "script"]):
            for attribute in ("href", "src", "srcset"):
                value = tag.get(attribute)
                if not value:
                    continue
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
                for url in urls:
                    parts = urlsplit(url)
                    if parts.scheme or url.startswith("#") or tag.get("rel") == ["canonical"]:
                        continue
                    folder = posixpath.dirname(page.relative_to(output).as_posix())
                    links.append(
                        (
                            page.relative_to(output).as_posix(),
                            posixpath.normpath(posixpath.join(folder, unquote(parts.path))),
                        )
                    )
    return links


def test_every_page_type_is_built(make_site, build_site):
    root = make_site()
    report = build_site(root)
    output = root / "output"
    for path in PAGE_TYPES:
        assert (output / path).is_file(), path
    assert report.pages >= len(PAGE_TYPES)
    initiative = read_html(output / "initiatieven/reparatiecafe/index.html")
    assert initiative.h1.get_text(strip=True) == "Reparatiecafé"
    assert initiative.find("html")["lang"] == "nl"
    meedoen = initiative.find("section", class_="meedoen")
    assert "Loop gerust binnen." in meedoen.get_text()
    assert meedoen.find("a", href="mailto:reparatie@example.org")
    assert meedoen.find("a", href="tel:0781234567")


def test_every_local_link_and_asset_resolves(make_site, build_site):
    root = make_site()
    build_site(root)
    output = root / "output"
    links = local_links(output)
    assert len(links) > 100
    broken = [(page, target) for page, target in links if not (output / target).is_file()]
    assert broken == []


def test_links_are_relative_so_the_site_works_under_any_sub_path_and_from_disk(make_site, build_site):
    root = make_site()
    build_site(root)
    story = read_html(root / "output/verhalen/molens/index.html")
    hrefs = [a["href"] for a in story.find_all("a", href=True)]
    assert "../../wijken/kinderdijk/index.html" in hrefs
    assert not [h for h in hrefs if h.startswith("/")]
    canonical = story.find("link", rel="canonical")["href"]
    assert canonical == "https://bibliotheek.example/kinderdijk/verhalen/molens/"


def test_base_url_option_overrides_site_yaml_for_canonical_urls_only(make_site, build_site):
    root = make_site()
    build_site(root, base_url="https://andere.example/wijk")
    story = read_html(root / "output/verhalen/molens/index.html")
    assert story.find("link", rel="canonical")["href"] == "https://andere.example/wijk/verhalen/molens/"
    not_found = read_html(root / "output/404.html")
    assert not_found.find("a", string="Verhalen")["href"] == "/wijk/verhalen/index.html"


def test_drafts_are_left_out_unless_asked_for(make_site, build_site):
    draft = STORY.replace("titel: Schaatsen bij de molens", "titel: Nog niet af\nconcept: true")
    root = make_site({"content/verhalen/concept/index.md": draft}, {"content/verhalen/concept/ijs.jpg": (800, 600)})
    build_site(root)
    assert not (root / "output/verhalen/concept").exists()
    assert "Nog niet af" not in (root / "output/verhalen/index.html").read_text(encoding="utf-8")
    build_site(root, drafts=True)
    page = read_html(root / "output/verhalen/concept/index.html")
    assert page.find(class_="concept")


def test_story_without_consent_is_not_published_and_is_reported(make_site, build_site):
    unconsented = STORY.replace("toestemming: ja\nlicentie", "toestemming: onbekend\nlicentie")
    root = make_site({"content/verhalen/geheim/index.md": unconsented}, {"content/verhalen/geheim/ijs.jpg": (800, 600)})
    report = build_site(root)
    assert not (root / "output/verhalen/geheim").exists()
    assert not list((root / "output").rglob("*geheim*"))
    assert any("toestemming" in w.message and w.path == "content/verhalen/geheim/index.md" for w in report.warnings)


def test_photo_of_recognisable_people_without_consent_becomes_a_placeholder(make_site, build_site):
    story = STORY + "\n"
    story = story.replace(
        "    toestemming: ja\n---",
        "    toestemming: ja\n  - bestand: buren.jpg\n"
        "    alt: De buren op de stoep.\n    toestemming: onbekend\n    personen_herkenbaar: ja\n---",
    )
    root = make_site({"content/verhalen/molens/index.md": story}, {"content/verhalen/molens/buren.jpg": (900, 600)})
    report = build_site(root)
    assert not list((root / "output").rglob("buren*"))
    page = read_html(root / "output/verhalen/molens/index.html")
    placeholder = page.find(class_="foto__verborgen")
    assert placeholder is not None and "toestemming" in placeholder.get_text()
    assert any("buren.jpg" in w.message for w in report.warnings)


def test_content_errors_name_file_and_line_and_write_nothing(make_site):
    bad = STORY.replace("wijk: Kinderdijk", "wijk: Kinderdyk")
    root = make_site({"content/verhalen/molens/index.md": bad})
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [problem] = [p for p in stopped.value.problems if p.is_error]
    assert (problem.path, problem.line) == ("content/verhalen/molens/index.md", 6)
    assert 'onbekende waarde "Kinderdyk"' in problem.message
    assert 'bedoel je "Kinderdijk"?' in problem.hint
    assert "Centrum, Souburgh, Kinderdijk, Blokweer" in problem.hint
    assert not (root / "output").exists()


def test_failed_build_keeps_the_previous_output(make_site, build_site):
    root = make_site()
    build_site(root)
    before = tree_digest(root / "output")
    (root / "content/initiatieven/kapot.md").write_text("---\ntitel: [kapot\n---\n", encoding="utf-8")
    with pytest.raises(BuildStopped):
        build(BuildOptions(root))
    assert tree_digest(root / "output") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".output")]  # no staging folder left behind


def test_a_build_never_changes_the_content_folder(make_site, build_site):
    root = make_site()
    before = tree_digest(root / "content"), (root / "site.yaml").read_bytes()
    build_site(root, drafts=True)
    build_site(root)
    assert (tree_digest(root / "content"), (root / "site.yaml").read_bytes()) == before


def test_two_builds_of_the_same_input_are_byte_identical(make_site, build_site, tmp_path):
    root = make_site()
    build_site(root, output=tmp_path / "eerste")
    build_site(root, output=tmp_path / "tweede")
    assert tree_digest(tmp_path / "eerste") == tree_digest(tmp_path / "tweede")


def test_files_wijksite_did_not_make_are_not_deleted_without_asking(make_site, build_site):
    root = make_site()
    build_site(root)
    (root / "output/CNAME").write_text("wijk.example\n", encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    assert "CNAME" in stopped.value.problems[0].message
    assert (root / "output/CNAME").is_file()
    build_site(root, remove_foreign=True)
    assert not (root / "output/CNAME").exists()


def test_output_folder_may_not_be_the_site_itself(make_site):
    root = make_site()
    for output in (root, root / "content", root / "content/verhalen"):
        with pytest.raises(BuildStopped, match="fout"):
            build(BuildOptions(root, output=output))
    assert (root / "content/verhalen/molens/index.md").is_file()


def test_site_overrides_a_template_and_extends_the_original(make_site, build_site):
    override = (
        '{% extends "standaard/pagina.html" %}{% block content %}<p class="eigen">Eigen</p>{{ super() }}{% endblock %}'
    )
    root = make_site({"templates/pagina.html": override, "static/css/tokens.css": ":root{--ws-kleur-primair:#800}"})
    build_site(root)
    page = read_html(root / "output/over/index.html")
    assert page.find("p", class_="eigen").get_text() == "Eigen"
    assert page.h1.get_text() == "Over deze site"
    assert (root / "output/static/css/tokens.css").read_text() == ":root{--ws-kleur-primair:#800}"


def test_template_error_names_the_template_and_line(make_site):
    root = make_site(
        {
            "templates/pagina.html": "{% extends 'base.html' %}\n{% block content %}\n"
            "{{ entry.titel_fout }}\n{% endblock %}"
        }
    )
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    problem = stopped.value.problems[0]
    assert problem.path.endswith("templates/pagina.html") and problem.line == 3


def test_initiatives_asking_for_help_are_on_the_home_page(make_site, build_site):
    root = make_site()
    build_site(root)
    home = read_html(root / "output/index.html")
    section = home.find("section", attrs={"aria-labelledby": "hulp-gezocht"})
    assert section.find("a", string="Reparatiecafé")
    wijk_links = [
        a.get_text(strip=True) for a in home.find("section", attrs={"aria-labelledby": "de-wijken"}).find_all("a")
    ]
    assert wijk_links == ["Kinderdijk"]


def test_a_rebuild_rewrites_only_changed_files_and_equals_a_clean_build(make_site, build_site, tmp_path):
    root = make_site()
    build_site(root)
    output = root / "output"
    inodes = {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Wij repareren", "Wij maken"), encoding="utf-8")
    build_site(root)
    changed = sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and inodes.get(p.relative_to(output).as_posix()) != p.stat().st_ino
    )
    assert "initiatieven/reparatiecafe/index.html" in changed
    assert "verhalen/molens/index.html" not in changed and "static/css/site.css" not in changed
    assert not [c for c in changed if c.endswith((".jpg", ".webp"))]
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(output) == tree_digest(tmp_path / "schoon")
    shutil.rmtree(root / ".wijksite-cache")
    build_site(root, output=tmp_path / "zonder-cache")
    # the search index too: Pagefind writes its filter values in any order (its issue #638), wijksite sorts them
    assert tree_digest(output) == tree_digest(tmp_path / "zonder-cache")


def test_a_file_deleted_from_the_output_comes_back_on_the_next_build(make_site, build_site):
    root = make_site()
    build_site(root)
    (root / "output/verhalen/molens/index.html").unlink()
    build_site(root)
    assert (root / "output/verhalen/molens/index.html").is_file()


def test_cached_pages_follow_what_an_override_template_shows_from_the_whole_site(make_site, build_site):
    override = (
        '{% extends "standaard/verhaal.html" %}{% block content %}'
        '<p class="telling">{{ site.initiatives|length }} initiatieven</p>{{ super() }}{% endblock %}'
    )
    root = make_site({"templates/verhaal.html": override})
    build_site(root)
    assert read_html(root / "output/verhalen/molens/index.html").find(class_="telling").get_text() == "1 initiatieven"
    (root / "content/initiatieven/tweede.md").write_text(
        INITIATIVE.replace("Reparatiecafé", "Tweede"), encoding="utf-8"
    )
    build_site(root)
    assert read_html(root / "output/verhalen/molens/index.html").find(class_="telling").get_text() == "2 initiatieven"


def test_an_edit_to_one_entry_shows_on_its_page_and_in_every_list(make_site, build_site):
    root = make_site()
    build_site(root)
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("titel: Reparatiecafé", "titel: Repaircafé"), encoding="utf-8"
    )
    build_site(root)
    for path in (
        "initiatieven/reparatiecafe/index.html",
        "initiatieven/index.html",
        "index.html",
        "wijken/kinderdijk/index.html",
        "themas/duurzaamheid/index.html",
    ):
        assert "Repaircafé" in (root / "output" / path).read_text(encoding="utf-8"), path


def test_an_unchanged_site_is_not_built_again_but_every_kind_of_change_is_noticed(make_site, build_site):
    stale = INITIATIVE.replace("gecontroleerd: 2026-09-01", "gecontroleerd: 2020-01-01")
    root = make_site({"content/initiatieven/reparatiecafe.md": stale})
    first = build_site(root)
    before = tree_digest(root / "output")
    again = build_site(root)
    assert [w.message for w in again.warnings] == [w.message for w in first.warnings]  # still reported
    assert (again.pages, again.photos) == (first.pages, first.photos)
    assert tree_digest(root / "output") == before
    (root / "templates").mkdir()
    (root / "templates/pagina.html").write_text('{% extends "standaard/pagina.html" %}{% block content %}'
                                                '<p class="eigen">Nieuw</p>{% endblock %}', encoding="utf-8")
    build_site(root)
    assert read_html(root / "output/over/index.html").find("p", class_="eigen")
    write_jpeg(root / "content/verhalen/molens/ijs.jpg", (1000, 700), colour=(10, 200, 10))
    assert build_site(root).photos_processed == 1


def test_output_pointing_at_an_existing_file_is_refused_and_the_file_kept(make_site):
    root = make_site()
    before = (root / "site.yaml").read_bytes()
    for target in (root / "site.yaml", root / "content/verhalen/molens/ijs.jpg"):
        with pytest.raises(BuildStopped, match="fout"):
            build(BuildOptions(root, output=target))
    assert (root / "site.yaml").read_bytes() == before and (root / "content/verhalen/molens/ijs.jpg").is_file()


def test_editing_an_entrys_text_makes_only_its_own_page_again(make_site, build_site):
    root = make_site()
    first = build_site(root)
    assert first.pages_made == first.pages  # a first build makes every page
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Wij repareren", "Wij maken"), encoding="utf-8")
    report = build_site(root)
    assert report.pages_made == 2  # its page and its poster (keyed by the whole entry); lists and groups show no
    # texts: they stay as they were
    assert "Wij maken" in (root / "output/initiatieven/reparatiecafe/index.html").read_text(encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8").replace("status: lopend", "status: afgerond"),
                    encoding="utf-8")
    report = build_site(root)
    assert report.pages_made > 5  # a card shows the status: every list with the initiative on it is made again
    assert "Afgerond" in (root / "output/initiatieven/index.html").read_text(encoding="utf-8")


def test_a_list_template_that_shows_texts_follows_a_text_edit(make_site, build_site):
    override = ('{% extends "standaard/initiatieven.html" %}{% block content %}<p class="lengte">'
                '{% for i in site.initiatives %}{{ i.body_html|length }}{% endfor %}</p>{{ super() }}{% endblock %}')
    root = make_site({"templates/initiatieven.html": override})
    build_site(root)
    before = read_html(root / "output/initiatieven/index.html").find(class_="lengte").get_text()
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Wij repareren", "Wij repareren graag"),
                    encoding="utf-8")
    build_site(root)
    after = read_html(root / "output/initiatieven/index.html").find(class_="lengte").get_text()
    assert int(after) == int(before) + len(" graag")


def test_a_large_site_is_parsed_on_all_cores_with_every_mistake_reported(make_site, build_site):
    from generator.content.entries import PARALLEL_FROM

    many = {f"content/initiatieven/buurt-{n:03d}.md": INITIATIVE.replace("Reparatiecafé", f"Buurt {n}")
            for n in range(PARALLEL_FROM + 6)}
    many["content/initiatieven/buurt-007.md"] = many["content/initiatieven/buurt-007.md"].replace(
        "wijk: Kinderdijk", "wijk: Kinderdyk")
    root = make_site(many)
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    assert [(p.path, p.line) for p in stopped.value.problems if p.is_error] == [
        ("content/initiatieven/buurt-007.md", 4)]
    fixed = root / "content/initiatieven/buurt-007.md"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("Kinderdyk", "Kinderdijk"), encoding="utf-8")
    report = build_site(root)
    assert report.pages_made == report.pages
    assert (root / "output/initiatieven/buurt-069/index.html").is_file()


def test_changing_a_template_makes_again_only_the_pages_that_use_it(make_site, build_site):
    root = make_site()
    first = build_site(root)
    (root / "templates").mkdir()
    (root / "templates/verhaal.html").write_text(
        '{% extends "standaard/verhaal.html" %}{% block content %}<p class="eigen">Nieuw</p>{{ super() }}'
        '{% endblock %}', encoding="utf-8")
    report = build_site(root)
    assert report.pages_made == 1  # the one story page; lists and other pages use other templates
    assert read_html(root / "output/verhalen/molens/index.html").find("p", class_="eigen")
    (root / "templates/base.html").write_text(
        (REPO / "themes/standaard/templates/base.html").read_text(encoding="utf-8").replace(
            "<body>", '<body class="anders">'), encoding="utf-8")
    printed = [*(root / "output").glob("initiatieven/*/poster.html"), *(root / "output").glob("wijken/*/folder*.html")]
    assert printed and build_site(root).pages_made == first.pages - len(printed)  # all but those to print extend it
    assert read_html(root / "output/index.html").body["class"] == ["anders"]
