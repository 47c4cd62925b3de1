"""Every link inside the site checked against the output: a dead link in content is a warning with its file and
line (and plain text on the page), a dead link written by a template is an error naming template and page."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.content.entries import OWN_PAGE, Initiative, Page, Story
from generator.content.links import OWN_FOLDER, target_of, url_values
from generator.errors import BuildStopped
from generator.options import BuildOptions
from generator.output.manifest import MANIFEST
from generator.pipeline import prepare
from generator.site.pages import url_of
from tests.conftest import INITIATIVE, STORY, read_html, tree_digest

INI = "content/initiatieven/reparatiecafe.md"
VERHAAL = "content/verhalen/molens/index.md"
BODY_LINE = INITIATIVE.count("\n")  # the body's first line, "Wij repareren samen.", is the last


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("link", "folder", "target"), [
    ("../werf/", "verhalen/molens", "verhalen/werf/index.html"),
    ("../werf", "verhalen/molens", "verhalen/werf/index.html"),
    ("../werf/index.html#foto", "verhalen/molens", "verhalen/werf/index.html"),
    ("/verhalen/werf/?x=1", "initiatieven/a", "verhalen/werf/index.html"),
    ("../../static/css/site.css", "verhalen/molens", "static/css/site.css"),
    ("ijs-960.webp", "verhalen/molens", "verhalen/molens/ijs-960.webp"),
    ("opa%20en%20oma-480.jpg", "verhalen/molens", "verhalen/molens/opa en oma-480.jpg"),
    ("./agenda.ics", "initiatieven/a", "initiatieven/a/agenda.ics"),
    ("../a/../b/./", "initiatieven/x", "initiatieven/b/index.html"),
    ("index.html", "", "index.html"),
    ("", "verhalen/molens", None),
    ("#kop", "verhalen/molens", None),
    ("https://example.org/", "", None),
    ("mailto:a@example.org", "", None),
    ("tel:0781234567", "", None),
    ("//cdn.example.org/x.js", "", None),
    ("data:image/png;base64,AAAA", "", None),
    ("../../../buiten/", "verhalen/molens", "../buiten/index.html"),
])
def test_where_a_link_points(link, folder, target):
    assert target_of(link, folder) == target


def test_links_under_a_sub_path_leave_out_where_the_site_is_served():
    assert target_of("/kinderdijk/static/css/site.css", "", "/kinderdijk/") == "static/css/site.css"
    assert target_of("/elders/x.css", "", "/kinderdijk/") == "../elders/x.css"  # outside the site: never there


def test_every_url_attribute_is_read():
    page = ('<a href="a.html">x</a><img src="b.png" srcset="c.png 1x, d%2Ce.png 2x" loading="lazy">'
            '<form action="f/"><button formaction=\'g/\'></button></form><video poster="h.jpg"></video>'
            '<blockquote cite="i.html"></blockquote><object data="j.svg"></object><link href="k.css" rel="x">'
            '<a href="l.html?a=1&amp;b=2">y</a><meta content="niet.html"><div data-href="niet.html"></div>')
    assert sorted(url_values(page)) == ["a.html", "b.png", "c.png", "d%2Ce.png", "f/", "g/", "h.jpg", "i.html",
                                        "j.svg", "k.css", "l.html?a=1&b=2"]


def test_an_entrys_own_folder_is_where_pages_put_it():
    for entry in (Initiative(OWN_FOLDER, "x", "x", "x", "x", ""), Story(OWN_FOLDER, "x", "x", ""),
                  Page(OWN_FOLDER, "x", "x", "")):
        kind = {Initiative: "initiatief", Story: "verhaal", Page: "pagina"}[type(entry)]
        assert url_of(entry) == OWN_PAGE[kind] + "/"


def test_dead_links_in_content_are_warnings_with_file_and_line_and_plain_text_on_the_page(make_site, build_site):
    body = ("Wij repareren samen.\n\n"
            "Zie [ons archief](../../verhalen/molens/) en [de werf](../bestaat-niet/).\n\n"
            'Of <a href="/verhalen/nergens/">dit verhaal</a>.\n\n'
            "Lees [meer][1].\n\n"
            "[1]: ../../wijken/nergens/\n")
    text = INITIATIVE.split("---\nWij repareren")[0] + "---\n" + body
    text = text.replace("meedoen: Loop gerust binnen.", "meedoen: Meld je via [het formulier](../../formulier/).")
    root = make_site({INI: text})
    warnings = [w for w in build_site(root).warnings if "de link naar" in w.message]
    meedoen = text.split("\n").index("meedoen: Meld je via [het formulier](../../formulier/).") + 1
    assert sorted((w.path, w.line, w.message.split(" wijst")[0]) for w in warnings) == [
        (INI, meedoen, "de link naar ../../formulier/"),
        (INI, BODY_LINE + 2, "de link naar ../bestaat-niet/"),
        (INI, BODY_LINE + 4, "de link naar /verhalen/nergens/"),
        (INI, BODY_LINE + 8, "de link naar ../../wijken/nergens/"),
    ]
    assert all(not w.is_error for w in warnings)
    page = read_html(root / "output/initiatieven/reparatiecafe/index.html")
    text_links = {a.get_text(): a["href"] for a in page.select(".tekst a")}
    assert text_links == {"ons archief": "../../verhalen/molens/index.html"}  # works from a USB stick too
    assert "de werf" in page.select_one(".tekst").get_text() and "dit verhaal" in page.select_one(".tekst").get_text()


def test_a_dead_link_suggests_the_page_meant(make_site, build_site):
    root = make_site({VERHAAL: STORY + "\nZie [de molen](/verhalen/molen/).\n"})
    [link] = [w for w in build_site(root).warnings if "de link naar" in w.message]
    assert (link.path, link.line) == (VERHAAL, STORY.count("\n") + 2)
    assert "/verhalen/molen/ wijst naar een pagina of bestand dat niet bestaat" in link.message
    assert link.hint == "bedoel je /verhalen/molens/?"


def test_a_link_to_an_entry_that_is_not_published_names_why(make_site, build_site):
    story = STORY.replace("toestemming: ja\nlicentie", "toestemming: onbekend\nlicentie")
    root = make_site({VERHAAL: story, INI: INITIATIVE.replace("(/verhalen/molens/)", "(../../verhalen/molens)")})
    [link] = [w for w in build_site(root).warnings if "de link naar" in w.message]
    assert (link.path, link.line) == (INI, BODY_LINE) and "(nog) niet gepubliceerd" in link.message
    page = read_html(root / "output/initiatieven/reparatiecafe/index.html")
    assert page.select(".tekst a") == [] and "het archief" in page.select_one(".tekst").get_text()


def test_links_to_every_kind_of_file_the_site_makes_are_fine(make_site, build_site):
    body = ("[agenda](agenda.ics) [open data](/open-data/initiatieven.csv) [feed](../../feeds/verhalen.xml) "
            "[wijkfeed](/feeds/wijk-kinderdijk.xml) [foto](/verhalen/molens/FOTO) "
            "[stijl](/static/css/site.css) "
            "[thema](../../themas/duurzaamheid/) [kop](#kop) [zelf](./) [extern](https://example.org/) "
            "[mail](mailto:a@example.org) [zoeken](/zoeken/?q=molen) [sitemap](/sitemap.xml)\n")
    root = make_site({INI: INITIATIVE})
    build_site(root)  # a photo's published name carries a hash of the photo: link the one this build made
    [photo] = (root / "output/verhalen/molens").glob("ijs-*-960.webp")
    body = body.replace("FOTO", photo.name)
    (root / INI).write_text(INITIATIVE.replace("Zie ook [het archief](/verhalen/molens/).", body), encoding="utf-8")
    report = build_site(root)
    assert [w.format() for w in report.warnings if "link" in w.message] == []
    page = read_html(root / "output/initiatieven/reparatiecafe/index.html")
    assert len(page.select(".tekst a")) == 13
    for link in page.select(".tekst a"):
        target = target_of(link["href"], "initiatieven/reparatiecafe")
        assert target is None or (root / "output" / target).is_file(), link


TEMPLATE = "{% extends 'standaard/pagina.html' %}{% block content %}{{ super() }}\n"


@pytest.mark.parametrize(("extra", "line", "link"), [
    ('<a href="../hulp/index.html">Hulp</a>', 2, "../hulp/index.html"),
    ("<img src=\"{{ 'static/img/kaart.png'|url }}\" alt=\"\">", 2, "../static/img/kaart.png"),
    ("<img src=\"{{ 'static/css/site.css'|url }}\" srcset=\"../static/groot.png 2x\" alt=\"\">", 2,
     "../static/groot.png"),
    ("<form action='../zoek/'></form>", 2, "../zoek/"),
    ('<video poster="{{ page.url }}poster.jpg"></video>', None, "over/poster.jpg"),
])
def test_a_dead_link_written_by_a_template_is_an_error_naming_template_and_page(make_site, extra, line, link):
    root = make_site({"templates/pagina.html": TEMPLATE + extra + "\n{% endblock %}\n"})
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [error] = [p for p in stopped.value.problems if p.is_error]
    assert (error.path, error.line) == ("templates/pagina.html", line)
    assert f"de link {link} op over/index.html" in error.message and "fout in het thema" in error.hint
    assert not (root / "output").exists()


def test_the_404_page_is_checked_at_the_address_the_site_is_served(make_site):
    root = make_site({"templates/404.html": "{% extends 'standaard/404.html' %}{% block content %}{{ super() }}"
                                            '<a href="{{ base_path }}tijdlijn/index.html">Tijdlijn</a>'
                                            '<a href="{{ base_path }}bestaat-niet.html">Weg</a>{% endblock %}'})
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [error] = [p for p in stopped.value.problems if p.is_error]
    assert error.path == "templates/404.html" and "/kinderdijk/bestaat-niet.html op 404.html" in error.message


def test_a_kept_page_linking_to_a_file_this_build_removes_is_noticed(make_site, build_site):
    """The page about the site is not made again when an initiative moves to another wijk, but its link to the
    feed of the wijk it left now leads nowhere."""
    root = make_site({"templates/pagina.html": TEMPLATE + "<a href=\"{{ 'feeds/wijk-kinderdijk.xml'|url }}\">"
                                                          "Nieuws uit Kinderdijk</a>\n{% endblock %}\n",
                      VERHAAL: STORY.replace("wijk: Kinderdijk", "wijk: Centrum")})
    build_site(root)
    edit(root / INI, "wijk: Kinderdijk", "wijk: Blokweer")
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    [error] = [p for p in stopped.value.problems if p.is_error]
    assert error.path == "templates/pagina.html" and "op over/index.html" in error.message
    assert "feeds/wijk-kinderdijk.xml" in error.message
    assert (root / "output/feeds/wijk-kinderdijk.xml").is_file()  # nothing written


def test_a_link_that_comes_to_life_is_a_link_again_after_a_rebuild(make_site, build_site, tmp_path):
    story = STORY.replace("Het was koud.", "Het was koud. Zie [de agenda](/initiatieven/reparatiecafe/agenda.ics).")
    root = make_site({VERHAAL: story, INI: INITIATIVE.replace("wanneer: elke dinsdag 10.00–12.00",
                                                              "wanneer: op afspraak")})
    [dead] = [w for w in build_site(root).warnings if "de link naar" in w.message]
    assert dead.path == VERHAAL
    assert read_html(root / "output/verhalen/molens/index.html").select(".tekst a") == []
    edit(root / INI, "wanneer: op afspraak", "wanneer: elke dinsdag 10.00–12.00")  # now there is an agenda file
    report = build_site(root)
    assert [w for w in report.warnings if "de link naar" in w.message] == []
    [link] = read_html(root / "output/verhalen/molens/index.html").select(".tekst a")
    assert link["href"] == "../../initiatieven/reparatiecafe/agenda.ics"
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


def test_what_the_check_counts_as_made_after_the_pages_is_what_is_made(make_site, build_site):
    """Feeds, sitemap, open data and agenda files are judged before they are made: by where their makers put them."""
    root = make_site({"content/initiatieven/op-afspraak.md": INITIATIVE.replace("elke dinsdag 10.00–12.00",
                                                                                "op afspraak")})
    plan = prepare(BuildOptions(root))
    build_site(root)
    made = {path for path in (root / "output").rglob("*") if path.is_file() and path.name != MANIFEST}
    targets = plan.links.targets
    for path in made:
        assert targets.exist(path.relative_to(root / "output").as_posix()), path
    assert not targets.exist("initiatieven/op-afspraak/agenda.ics")
    assert not targets.exist("feeds/wijk-souburgh.xml")  # a wijk without entries has no feed


def test_an_image_in_the_text_is_not_shown_and_the_warning_says_where_photos_go(make_site, build_site):
    """Text is sanitised without images (every photo passes the consent and metadata checks, and no page loads
    another site's images): an image written in the text would vanish without a word."""
    story = STORY + "\nKijk: ![de molen](molen.jpg)\n\n<img src=\"https://example.org/x.png\" alt=\"\">\n"
    root = make_site({VERHAAL: story})
    images = [w for w in build_site(root).warnings if "afbeelding" in w.message]
    first = STORY.count("\n") + 2
    assert [(w.path, w.line, w.message) for w in images] == [
        (VERHAAL, first, "de afbeelding molen.jpg in de tekst wordt niet getoond"),
        (VERHAAL, first + 2, "de afbeelding https://example.org/x.png in de tekst wordt niet getoond"),
    ]
    assert "onder fotos:" in images[0].hint
