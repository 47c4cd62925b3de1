"""Posters and leaflets printed with Chromium's own PDF printing, and the PDFs read back: one A4 page a poster,
nothing cut off, the QR code decoded from the printed page, no menu, search box or footer; leaflets with no
initiative cut in half, on as few pages as they can; WCAG 2.1 AA on paper (axe with print media)."""

from __future__ import annotations

import re
import textwrap

import pypdfium2
import pytest
import zxingcpp

from tests.conftest import INITIATIVE
from tests.test_accessibility_browser import AXE

pytestmark = pytest.mark.browser
BASE = "https://wijksite.example.org/kinderdijk/"  # basis_url of the sample site
MM = 96 / 25.4  # CSS pixels in a millimetre
PAGE_BOX = (round(180 * MM, 1), round(267 * MM, 1))  # A4 less the margins of 15 mm that papier.css sets


def printed(browser, url: str) -> pypdfium2.PdfDocument:
    """The page as Chromium prints it to PDF on A4."""
    page = browser.new_page()
    page.goto(url)
    pdf = page.pdf(format="A4")
    page.close()
    return pypdfium2.PdfDocument(pdf)


def page_texts(pdf: pypdfium2.PdfDocument) -> list[str]:
    """The text of each page (PDFium gives a hyphen where a line was broken after it as U+FFFE)."""
    return [" ".join(pdf[n].get_textpage().get_text_range().replace("\ufffe", "-").split()) for n in range(len(pdf))]


def decoded(pdf: pypdfium2.PdfDocument, number: int = 0) -> list[str]:
    """The QR codes on a printed page, rendered at 216 dpi (a phone's camera sees about that) and decoded."""
    image = pdf[number].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def as_printed(browser, url: str):
    """The page with print media in a window of A4's printable area, to measure it as it is laid out on paper."""
    page = browser.new_page(viewport={"width": int(PAGE_BOX[0]), "height": int(PAGE_BOX[1])})
    page.emulate_media(media="print")
    page.goto(url)
    return page


def sample_posters(sample_site) -> list[str]:
    return sorted(p.relative_to(sample_site.output).as_posix()
                  for p in sample_site.output.glob("initiatieven/*/poster.html"))


def test_every_poster_of_the_sample_site_prints_on_one_a4_page_with_a_qr_code_to_its_page(browser, sample_site,
                                                                                          sample_url):
    posters = sample_posters(sample_site)
    assert len(posters) >= 10
    for path in posters:
        pdf = printed(browser, sample_url + path)
        assert len(pdf) == 1, path
        width, height = pdf[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres
        assert decoded(pdf) == [BASE + path.removesuffix("poster.html")], path
        text = page_texts(pdf)[0]
        title = re.search(r"<h1[^>]*>([^<]+)</h1>", (sample_site.output / path).read_text(encoding="utf-8"))
        assert title and " ".join(title[1].replace("&#39;", "'").split()) in text
        for shown_online_only in ("Zoeken", "Initiatieven Verhalen Wijken", "Terug naar", "Ctrl+P", "Colofon",
                                  "Gemaakt door bewoners"):
            assert shown_online_only not in text, (path, shown_online_only)


def test_nothing_on_a_poster_is_cut_off_and_its_text_is_at_least_14_pt(browser, sample_site, sample_url):
    for path in sample_posters(sample_site):
        page = as_printed(browser, sample_url + path)
        size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        assert size[0] <= PAGE_BOX[0] + 1 and size[1] <= PAGE_BOX[1] + 1, (path, size)
        overflowing = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')
            .map(e => e.className)""")
        assert overflowing == [], path
        hidden = page.evaluate("""() => ['.papier__scherm', 'nav'].map(s => document.querySelector(s))
            .filter(e => e && e.getBoundingClientRect().height > 0).length""")
        assert hidden == 0, path
        body_sizes = page.evaluate("""() => [...document.querySelectorAll(
            '.poster p:not(.poster__adres), .poster dt, .poster dd')]
            .map(e => parseFloat(getComputedStyle(e).fontSize) * 0.75)""")  # CSS px to pt
        assert body_sizes and min(body_sizes) >= 14, path
        page.close()


LONGEST = textwrap.dedent(f"""\
    ---
    titel: {"Woordenwaterval " * 7}Slot
    samenvatting: {("Een lange samenvatting over wat wij doen en voor wie het is bedoeld. " * 5)[:300]}
    wijk: Kinderdijk
    wanneer: {("elke eerste en derde dinsdag van de maand, behalve in de zomer " * 4)[:200]}
    waar:
      naam: {("Multifunctioneel centrum De Lange Naam " * 4)[:120]}
      adres: {("Burgemeester van der Langestraat 123, 2951 XX Alblasserdam " * 4)[:200]}
    contact:
      naam: {("Contactpersoon met een lange naam " * 4)[:120]}
      e-mail: iemand-met-een-heel-lang-adres@een-lange-domeinnaam-voor-de-wijk.example.org
      telefoon: 078 123 45 67
      website: https://www.een-lange-domeinnaam-voor-de-wijk.example.org/initiatieven/meedoen/aanmelden
    meedoen: |
    {textwrap.indent(("Kom gerust eens kijken en neem een buurman of buurvrouw mee. " * 40)[:1990], "  ")}
    ---
    {"Een lange tekst. " * 300}
    """)


def test_a_poster_with_every_field_at_its_longest_still_fits_one_page(browser, make_site, build_site, serve):
    slug = "woordenwaterval-" * 5
    root = make_site({f"content/initiatieven/{slug[:80].rstrip('-')}.md": LONGEST})
    report = build_site(root)
    assert [p for p in report.problems if p.is_error] == []
    (poster,) = [p for p in (root / "output/initiatieven").glob("woorden*/poster.html")]
    url = serve(root / "output") + poster.relative_to(root / "output").as_posix()
    pdf = printed(browser, url)
    assert len(pdf) == 1
    assert decoded(pdf) == ["https://bibliotheek.example/kinderdijk/" + poster.parent.relative_to(
        root / "output").as_posix() + "/"]
    text = page_texts(pdf)[0]
    assert 1 <= text.count("Kom gerust eens kijken") < 10  # 'meedoen' shortened to the room left, not left out
    page = as_printed(browser, url)
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size[0] <= PAGE_BOX[0] + 1 and size[1] <= PAGE_BOX[1] + 1, size
    page.close()


def leaflet_entries(page) -> list[dict[str, object]]:
    return page.evaluate("""() => [...document.querySelectorAll('.folder__item')].map(e => ({
        title: e.querySelector('h2').textContent + ' ' +
            e.querySelector('.folder__tekst p').textContent.trim().split(/\\s+/).slice(0, 3).join(' '),
        last: e.querySelector('.folder__tekst p:last-child').textContent.trim().split(/\\s+/).slice(-2).join(' '),
        height: e.getBoundingClientRect().height}))""")


def assert_whole_and_packed(browser, url: str) -> pypdfium2.PdfDocument:
    """Every entry of a leaflet starts and ends on the same printed page, and the leaflet has no more pages than
    packing its entries in order, each whole, takes."""
    page = as_printed(browser, url)
    entries = leaflet_entries(page)
    head = page.evaluate("document.querySelector('.folder').getBoundingClientRect().top")
    page.close()
    pdf = printed(browser, url)
    texts = ["".join(text.split()) for text in page_texts(pdf)]  # words broken over lines are whole again
    for entry in entries:
        starts = [n for n, text in enumerate(texts) if "".join(str(entry["title"]).split()) in text]
        ends = [n for n, text in enumerate(texts) if "".join(str(entry["last"]).split()) in text]
        assert len(starts) == 1 and starts[0] in ends, (entry, starts, ends)
    pages, used = 1, float(head)
    for entry in entries:
        height = float(entry["height"])  # type: ignore[arg-type]
        if used + height > PAGE_BOX[1]:
            pages, used = pages + 1, 0.0
        used += height
    assert len(pdf) == pages
    return pdf


def test_sample_leaflets_cut_no_initiative_in_half_and_their_qr_codes_lead_to_the_initiatives(browser, sample_site,
                                                                                              sample_url):
    leaflets = sorted(p.relative_to(sample_site.output).as_posix()
                      for p in sample_site.output.glob("wijken/*/folder.html"))
    assert len(leaflets) >= 3
    for path in leaflets:
        pdf = assert_whole_and_packed(browser, sample_url + path)
        html = (sample_site.output / path).read_text(encoding="utf-8")
        expected = {BASE + "initiatieven/" + slug + "/" for slug in re.findall(
            r"wijksite\.example\.org/kinderdijk/initiatieven/([a-z0-9-]+)</p>", html)}
        assert expected and {code for n in range(len(pdf)) for code in decoded(pdf, n)} == expected, path
        texts = " ".join(page_texts(pdf))
        assert "Zoeken" not in texts and "Terug naar" not in texts


def test_a_long_leaflet_breaks_between_initiatives(browser, make_site, build_site, serve):
    files = {f"content/initiatieven/nummer-{n:02}.md":
             INITIATIVE.replace("titel: Reparatiecafé", f"titel: Nummer {n:02}")
             .replace("naam: Loes", f"naam: Slotwoord{n:02}")
             .replace("Kapotte spullen samen weer heel maken.", "Kapotte spullen samen weer heel maken. " * (n % 4 + 1))
             for n in range(14)}
    root = make_site(files)
    build_site(root)
    pdf = assert_whole_and_packed(browser, serve(root / "output") + "wijken/kinderdijk/folder.html")
    assert len(pdf) >= 3


@pytest.mark.parametrize("path", ["initiatieven/reparatiecafe-en-kledingpunt/poster.html",
                                  "wijken/kinderdijk/folder.html"])
@pytest.mark.parametrize("media", ["print", "screen"])
def test_no_axe_violations_on_paper_and_on_screen(browser, sample_url, path, media):
    page = browser.new_page()
    page.emulate_media(media=media)
    page.goto(sample_url + path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.close()


def test_an_initiative_page_printed_has_no_menu_search_box_or_footer_links(browser, sample_url):
    pdf = printed(browser, sample_url + "initiatieven/reparatiecafe-en-kledingpunt/index.html")
    text = " ".join(page_texts(pdf))
    assert "Reparatiecafé en kledingpunt" in text
    for online_only in ("Zoeken", "Afdrukken", "Colofon", "Privacy"):
        assert online_only not in text, online_only


ADDRESS_PARTS = (["https://wijksite.example.org/", "https://www.wijk-kinderdijk-alblasserdam.nl/", "http://a.nl/"],
                 ["", "kinderdijk/", "sites/wijken/oost/"],
                 ["reparatiecafe", "buurtkring-dementievriendelijk-kinderdijk-en-omstreken", "con-2", "caf%C3%A9",
                  "a", "taalmaatjes-voor-nieuwe-bewoners-van-de-wijk-met-een-heel-lange-naam-erbij"])


def test_qr_codes_with_the_given_mask_decode_for_addresses_of_every_length(browser, tmp_path):
    """wijksite gives segno a data mask instead of letting it score all eight (render/qr.py): every reader reads
    each mask, and this checks that codes made so decode, printed, for short and long addresses alike."""
    from generator.render.qr import qr_svg

    addresses = [f"{site}{path}initiatieven/{name}/" for site in ADDRESS_PARTS[0] for path in ADDRESS_PARTS[1]
                 for name in ADDRESS_PARTS[2]]
    cells = "".join(f'<div style="width:70mm;height:70mm;display:inline-block;margin:4mm">{qr_svg(address)}</div>'
                    for address in addresses)
    page_file = tmp_path / "codes.html"
    page_file.write_text(f"<!doctype html><style>svg{{width:100%;height:100%}}</style>{cells}", encoding="utf-8")
    pdf = printed(browser, page_file.as_uri())
    found = {text for number in range(len(pdf)) for text in decoded(pdf, number)}
    assert found == set(addresses), sorted(set(addresses) - found)
