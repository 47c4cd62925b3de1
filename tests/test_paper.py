"""Posters and leaflets to print (posters.py, qr.py): which pages a build makes, how they are linked and keyed.
How they print is tested in Chromium in test_paper_browser.py."""

from __future__ import annotations

import contextlib
import errno
import re
import subprocess
import sys
import textwrap
import time

import pytest
import segno

from generator.errors import BuildStopped
from generator.output import writer
from generator.render import qr
from generator.render.posters import LEAFLET_SIZE, on_paper
from generator.render.qr import AHEAD_FROM, ERROR_LEVEL, MASK, QUIET_ZONE, QrCodes, qr_svg, svg_of
from tests.conftest import INITIATIVE, SITE_YAML, read_html


def initiative(title: str, wijk: str = "Kinderdijk", **fields: str) -> str:
    text = INITIATIVE.replace("titel: Reparatiecafé", f"titel: {title}").replace("wijk: Kinderdijk", f"wijk: {wijk}")
    for key, value in fields.items():
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    return text


def test_every_initiative_has_a_poster_linked_as_afdrukken_and_every_wijk_a_leaflet(sample_site):
    out = sample_site.output
    initiatives = sorted(p.parent.name for p in out.glob("initiatieven/*/index.html"))
    assert len(initiatives) >= 10
    for slug in initiatives:
        page = read_html(out / f"initiatieven/{slug}/index.html")
        link = page.find("a", string="Afdrukken")
        assert link is not None and link["href"] == "poster.html", slug
        poster = read_html(out / f"initiatieven/{slug}/poster.html")
        assert poster.h1.get_text() == page.h1.get_text()
        assert poster.find("a", href="index.html") is not None  # the way back, on screen only
    with_leaflet = set()
    for wijk in sorted(p.parent.name for p in out.glob("wijken/*/index.html")):
        page = read_html(out / f"wijken/{wijk}/index.html")
        has_initiatives = page.find(id="groep-initiatieven") is not None
        link = page.find("a", string="Folder afdrukken")
        assert (link is not None) == has_initiatives == (out / f"wijken/{wijk}/folder.html").exists(), wijk
        if has_initiatives:
            with_leaflet.add(wijk)
            titles = {h.get_text() for h in read_html(out / f"wijken/{wijk}/folder.html").select(".folder__item h2")}
            assert titles == {h.get_text() for h in page.select("#groep-initiatieven ~ ul .kaart__titel")}, wijk
    assert len(with_leaflet) >= 3


def test_a_poster_shows_what_when_where_how_to_join_and_contact_with_a_qr_code_to_its_page(sample_site):
    poster = read_html(sample_site.output / "initiatieven/reparatiecafe-en-kledingpunt/poster.html")
    text = " ".join(poster.main.get_text(" ").split())
    for shown in ("Reparatiecafé en kledingpunt", "Wanneer", "dinsdag en donderdag", "Waar", "MFC Maasplein",
                  "Meedoen", "Contact", "reparatiecafe@example.org",
                  "wijksite.example.org/kinderdijk/initiatieven/reparatiecafe-en-kledingpunt"):
        assert shown in text, shown
    svg = poster.select_one(".poster__qr svg")
    assert svg is not None and svg["aria-hidden"] == "true" and "viewbox" in svg.attrs
    # no menu, search box, footer or script: nothing but the sheet and, on screen, the way back
    assert poster.select("nav.menu, search, form, input, footer, script") == []
    assert poster.find(attrs={"data-pagefind-body": True}) is None  # not a search result of its own
    assert poster.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_pages_to_print_are_not_in_the_sitemap(sample_site):
    sitemap = (sample_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "initiatieven/reparatiecafe-en-kledingpunt/</loc>" in sitemap
    assert "poster.html" not in sitemap and "folder" not in sitemap


def test_without_basis_url_posters_have_no_qr_code_and_the_build_says_why_once(make_site, build_site):
    root = make_site({"content/initiatieven/tweede.md": initiative("Tweede"),
                      "site.yaml": SITE_YAML.replace("basis_url: https://bibliotheek.example/kinderdijk/\n", "")})
    report = build_site(root)
    said = [p for p in report.warnings if "basis_url" in p.message]
    assert len(said) == 1 and said[0].path == "site.yaml" and "QR-code" in said[0].message
    assert "basis_url: https://" in said[0].hint
    for slug in ("reparatiecafe", "tweede"):
        poster = read_html(root / f"output/initiatieven/{slug}/poster.html")
        assert poster.find("svg") is None and poster.h1 is not None
    assert read_html(root / "output/wijken/kinderdijk/folder.html").find("svg") is None
    # --base-url on the command line (as 'wijksite serve' gives an empty one) is a choice, not an omission
    assert [p for p in build_site(root, base_url="").warnings if "basis_url" in p.message] == []


def test_a_wijk_with_more_initiatives_than_fit_one_leaflet_gets_parts_that_link_to_each_other(make_site,
                                                                                               build_site):
    files = {f"content/initiatieven/nummer-{n:02}.md": initiative(f"Nummer {n:02}") for n in range(LEAFLET_SIZE)}
    root = make_site(files)
    build_site(root)
    first = read_html(root / "output/wijken/kinderdijk/folder.html")
    second = read_html(root / "output/wijken/kinderdijk/folder-2.html")
    assert len(first.select("li.folder__item")) == LEAFLET_SIZE
    assert [h.get_text() for h in second.select("li.folder__item h2")] == ["Reparatiecafé"]  # 31 in all
    assert "deel 2 van 2" in second.h1.get_text()
    assert first.find("a", href="folder-2.html") is not None and second.find("a", href="folder.html") is not None
    assert not (root / "output/wijken/kinderdijk/folder-3.html").exists()


def test_an_edit_to_one_text_makes_its_page_and_poster_again_not_the_leaflets(make_site, build_site):
    root = make_site({"content/initiatieven/tweede.md": initiative("Tweede")})
    build_site(root)
    out = root / "output"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    source = root / "content/initiatieven/tweede.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    report = build_site(root)
    changed = sorted(p.relative_to(out).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t)
    assert changed == ["initiatieven/tweede/index.html"]  # the poster does not show the body text
    assert report.pages_made == 2  # its page and its poster were rendered; the poster came out the same
    source.write_text(source.read_text(encoding="utf-8").replace("Loop gerust binnen.", "Bel eerst even."),
                      encoding="utf-8")
    build_site(root)
    assert "Bel eerst even." in (out / "initiatieven/tweede/poster.html").read_text(encoding="utf-8")


def test_qr_codes_are_kept_between_builds_by_address(make_site, build_site, monkeypatch):
    root = make_site({"content/initiatieven/tweede.md": initiative("Tweede")})
    build_site(root)
    assert len(list((root / ".wijksite-cache/qr").glob("*.svg"))) == 2
    made: list[str] = []
    real_make = qr.code_matrix
    monkeypatch.setattr(qr, "code_matrix", lambda content: made.append(content) or real_make(content))
    (root / "site.yaml").write_text(SITE_YAML.replace("Wijk Testdorp", "Wijk Proefdorp"), encoding="utf-8")
    build_site(root)  # a new title: every page, poster and leaflet is made again, but no QR code
    assert made == []
    assert "Wijk Proefdorp" in (root / "output/initiatieven/tweede/poster.html").read_text(encoding="utf-8")
    (root / "content/initiatieven/derde.md").write_text(textwrap.dedent(initiative("Derde")), encoding="utf-8")
    build_site(root)
    assert made == ["https://bibliotheek.example/kinderdijk/initiatieven/derde/"]


def test_a_build_that_makes_no_new_qr_code_does_not_load_segno(make_site, build_site):
    root = make_site({"content/initiatieven/tweede.md": initiative("Tweede")})
    build_site(root)
    (root / "site.yaml").write_text(SITE_YAML.replace("Wijk Testdorp", "Wijk Proefdorp"), encoding="utf-8")
    script = ("import sys; from pathlib import Path; from generator.build import build; "
              "from generator.options import BuildOptions; build(BuildOptions(Path(sys.argv[1]))); "
              "print('segno' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120,
                            check=True)
    assert loaded.stdout.strip() == "False"  # every poster made again, with the codes kept under segno's version
    assert "Wijk Proefdorp" in (root / "output/initiatieven/tweede/poster.html").read_text(encoding="utf-8")
    assert qr._recipe().startswith(f"segno {segno.__version__} ".encode())


def test_a_damaged_kept_qr_code_is_made_again(make_site, build_site):
    root = make_site()
    build_site(root)
    (kept,) = (root / ".wijksite-cache/qr").glob("*.svg")
    good = kept.read_text(encoding="utf-8")
    kept.write_text(good[: len(good) // 2], encoding="utf-8")  # a power cut, a bad stick
    (root / "output/initiatieven/reparatiecafe/poster.html").unlink()
    build_site(root)
    poster = (root / "output/initiatieven/reparatiecafe/poster.html").read_text(encoding="utf-8")
    assert good in poster and kept.read_text(encoding="utf-8") == good


@pytest.mark.parametrize(("given", "expected"), [
    ("<p>Loop <strong>gerust</strong> binnen.</p>", "Loop gerust binnen."),
    ("<ul><li>Bel Loes</li><li>Mail ons</li></ul>", "Bel Loes Mail ons"),
    ("<p>Koffie &amp; thee</p>\n<p>Tot dan!</p>", "Koffie & thee Tot dan!"),
])
def test_how_to_join_on_paper_is_plain_text(given, expected):
    assert on_paper(given) == expected


def test_a_long_how_to_join_is_shortened_at_a_sentence_for_the_poster():
    text = on_paper("<p>" + "Dit is een zin over meedoen. " * 40 + "</p>")
    assert len(text) <= 420 and text.endswith("meedoen.")


ADDRESSES = [f"https://wijk.example.nl/initiatieven/{'lange-naam-' * (n % 9)}nummer-{n}/" for n in range(60)]


def test_a_qr_code_svg_is_the_svg_segno_writes_for_the_same_code():
    for address in ADDRESSES:
        code = segno.make(address, error=ERROR_LEVEL, micro=False, mask=MASK)
        assert svg_of(code.matrix, QUIET_ZONE) == code.svg_inline(border=QUIET_ZONE, omitsize=True, svgclass="qr",
                                                                  lineclass=None, dark="#000", light="#fff")


def kinds_of_content(length: int) -> list[str]:
    """Text of this length in each of the QR code's modes: digits, upper case with its few signs, and bytes (an
    address, and UTF-8 beyond ASCII)."""
    return [("1234567890" * 80)[:length], ("WIJK 1/2:3$%*+-." * 40)[:length],
            ("https://wijk.example.nl/initiatieven/" + "reparatiecafe-" * 60)[:length], ("Café Één € " * 40)[:length]]


@pytest.mark.parametrize("length", [1, 7, 14, 17, 25, 32, 42, 53, 62, 78, 84, 106, 122, 154, 180, 230, 321, 600, 800])
def test_a_qr_code_has_the_modules_segno_makes_for_its_content(length):
    for content in kinds_of_content(length):
        expected = segno.make(content, error=ERROR_LEVEL, micro=False, mask=MASK)
        assert qr._quick_matrix(content) == tuple(expected.matrix), (content, expected.version, expected.error)
        assert qr.code_matrix(content) == tuple(expected.matrix)


def test_qr_codes_made_ahead_in_a_worker_are_the_codes_made_here_and_are_kept(tmp_path):
    folder = tmp_path / "qr"
    codes = QrCodes(folder)
    with codes.made_ahead(ADDRESSES):
        assert len(codes.coming) == len(ADDRESSES) >= AHEAD_FROM  # a worker is at work on all of them
        made = [codes(address) for address in reversed(ADDRESSES)]  # asked for in any order
    assert made == [qr_svg(address) for address in reversed(ADDRESSES)]
    assert sorted(file.read_text(encoding="utf-8") for file in folder.glob("*.svg")) == sorted(made)
    again = QrCodes(folder)
    with again.made_ahead(ADDRESSES):
        assert again.coming == {}  # all kept: no worker
    assert again(ADDRESSES[0]) == made[-1]


def test_a_build_that_stops_while_qr_codes_are_made_ahead_does_not_wait_for_them(tmp_path):
    codes = QrCodes(None)
    many = [f"https://wijk.example.nl/initiatieven/nummer-{n}/" for n in range(2000)]  # 8 s of work
    started = time.monotonic()
    with pytest.raises(KeyError), codes.made_ahead(many):
        assert codes(many[0]) == qr_svg(many[0])
        raise KeyError("a template mistake")
    assert codes.coming == {} and time.monotonic() - started < 5
    assert codes(many[1]) == qr_svg(many[1])  # made here, now the worker is gone


def test_a_build_that_stops_while_writing_stops_the_qr_codes_worker_before_it_returns(make_site, build_site,
                                                                                     monkeypatch):
    root = make_site()
    log: list[str] = []
    real_made_ahead = QrCodes.made_ahead

    @contextlib.contextmanager
    def made_ahead(self, addresses):
        try:
            with real_made_ahead(self, addresses):
                log.append("begonnen")
                yield
        finally:
            log.append("gestopt")

    def full_disk(self, file):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(QrCodes, "made_ahead", made_ahead)
    monkeypatch.setattr(writer._Stage, "add", full_disk)
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    assert "niet schrijven" in stopped.value.problems[0].message and "ruimte" in (stopped.value.problems[0].hint or "")
    assert log == ["begonnen", "gestopt"]  # while the traceback still holds every frame of the build
