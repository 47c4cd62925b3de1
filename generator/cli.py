"""The `wijksite` command: build, check, init and new, with Dutch messages and no tracebacks for content."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .arguments import DutchParser, port_number
from .build import build
from .errors import BuildStopped, SiteError, UsageError, errors_in
from .options import BuildOptions

if TYPE_CHECKING:
    from .site.model import Site

# Each command loads what it needs when it runs: `wijksite build` with nothing to do loads no more than build.py
# (a third of the time it took when every command's modules were loaded first).

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


FOTOS, PAGINAS = "foto's", "pagina's"


def _count(number: int, one: str, more: str) -> str:
    """"1 foto", "3 foto's": Dutch, for a volunteer reading the summary."""
    return f"{number} {one if number == 1 else more}"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except BuildStopped as stopped:
        _print_problems(stopped.problems)
        count = len(errors_in(stopped.problems))
        outcome = ("De uitvoermap is maar voor een deel bijgewerkt: bouw opnieuw zodra het opgelost is."
                   if stopped.output_changed else
                   "Er is niets geschreven; een eerdere versie van de site is niet veranderd.")
        print(f"\nNiet gelukt: {count} {'fout' if count == 1 else 'fouten'}. {outcome}", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"wijksite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nGestopt. Er is niets half geschreven.", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 (a bug in wijksite: show it, and ask for a report)
        traceback.print_exc()
        print(
            "\nDit is een fout in wijksite zelf, niet in uw inhoud. Meld het alstublieft, met de tekst "
            "hierboven, bij wie wijksite voor u beheert.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _parser() -> argparse.ArgumentParser:
    parser = DutchParser(
        prog="wijksite",
        description="Maak de website van een wijk uit Markdown-bestanden: een overzicht van initiatieven en een "
                    "wijkarchief\nmet verhalen en foto's van bewoners.",
        epilog=_examples(("wijksite build", "bouwt de site in de map waarin u nu bent; de website komt in output/"),
                         ("wijksite build --help", "legt één opdracht uit, met voorbeelden"),
                         ("wijksite --version", "toont welke versie van wijksite dit is")),
    )
    parser.add_argument("--version", action="version", version=f"wijksite versie {__version__}",
                        help="toon het versienummer van wijksite en stop")
    commands = parser.add_subparsers(title="opdrachten", metavar="OPDRACHT",
                                     help="wat wijksite moet doen (uitleg: wijksite OPDRACHT --help)")

    build_cmd = _command(
        commands, "build", "bouw de site in output/",
        "Bouw de site: lees site.yaml en alles in content/ en schrijf de website in de map output/.\n"
        "Staat er een fout in de inhoud, dan wordt er niets geschreven en blijft de vorige versie staan.",
        ("wijksite build", "bouwt de site in de map waarin u nu bent"),
        ("wijksite build --site D:\\Wijksite --uitvoer E:\\Website",
         "bouwt de site uit D:\\Wijksite op de USB-stick E:"),
        ("wijksite build --concepten", "neemt ook de concepten op, om ze te bekijken (publiceer dit niet)"),
        ("wijksite build --basis-url https://wijk.example.nl/", "voor een site die op dat adres komt te staan"),
        ("wijksite build --opschonen", "haalt bestanden die wijksite niet gemaakt heeft uit output/"),
    )
    _option(build_cmd, "--uitvoer", "--output", type=Path, metavar="MAP",
            help="map voor de gebouwde site (standaard: output/ in de map van de site)")
    _option(build_cmd, "--concepten", "--drafts", action="store_true", help="neem ook concepten op (concept: true)")
    _option(build_cmd, "--basis-url", "--base-url", metavar="ADRES",
            help="het webadres waarop de site komt te staan (in plaats van basis_url in site.yaml)")
    build_cmd.add_argument("--opschonen", action="store_true",
                           help="verwijder bestanden in de uitvoermap die wijksite niet gemaakt heeft")
    build_cmd.set_defaults(run=_build)

    serve_cmd = _command(
        commands, "serve", "bekijk de site terwijl u schrijft: ververst bij elke opslag",
        "Bekijk de site in de browser terwijl u schrijft, met de concepten erbij. Bij elke opslag wordt\n"
        "de site opnieuw gebouwd en ververst de browser vanzelf; een fout verschijnt als foutpagina.",
        ("wijksite serve", "opent het voorbeeld op http://127.0.0.1:8000/"),
        ("wijksite serve --poort 8080 --open", "op poort 8080, en opent meteen de browser"),
        ("wijksite serve --site D:\\Wijksite", "het voorbeeld van de site in D:\\Wijksite"),
    )
    _option(serve_cmd, "--poort", "--port", type=port_number, default=8000, metavar="POORT",
            help="poort op 127.0.0.1 (standaard 8000)")
    serve_cmd.add_argument("--open", action="store_true", help="open de browser")
    serve_cmd.set_defaults(run=_serve)

    publish_cmd = _command(
        commands, "publish", "bouw de site en zet hem online (map, zip, git of rsync)",
        "Bouw de site en zet hem online: naar een map, een zip-bestand, een git-tak of een webserver.\n"
        "Zonder doel op de opdrachtregel geldt het doel onder publiceren: in site.yaml.\n"
        "Uitleg: docs/publiceren.md.",
        ("wijksite publish --site D:\\Wijksite", "de site in D:\\Wijksite, naar het doel dat in site.yaml staat"),
        ("wijksite publish --naar-map S:\\Website --proef", "laat zien wat er in S:\\Website zou veranderen"),
        ("wijksite publish --naar-zip wijksite.zip", "maakt een zip-bestand om bij een webhost te uploaden"),
        ("wijksite publish --naar-git git@github.com:bibliotheek/wijk.git --tak gh-pages",
         "naar GitHub Pages"),
        ("wijksite publish --naar-rsync wijk@server.example.nl:/var/www/wijk/ --ja",
         "naar een webserver, en haalt oude bestanden daar zonder te vragen weg"),
    )
    where = publish_cmd.add_mutually_exclusive_group()
    where.add_argument("--naar-map", metavar="MAP", help="naar een map, bijvoorbeeld een gedeelde schijf")
    where.add_argument("--naar-zip", metavar="BESTAND", help="naar een zip-bestand voor een webhost")
    where.add_argument("--naar-git", metavar="REPO", help="naar een tak van een git-repository (GitHub/GitLab Pages)")
    where.add_argument("--naar-rsync", metavar="ADRES", help="naar een webserver met rsync over ssh")
    publish_cmd.add_argument("--tak", metavar="TAK", help="de git-tak voor --naar-git (standaard gh-pages)")
    _option(publish_cmd, "--proef", "--dry-run", action="store_true",
            help="laat zien wat er zou veranderen, verander niets")
    publish_cmd.add_argument("--ja", action="store_true",
                             help="antwoord ja op de vraag om oude bestanden te verwijderen")
    publish_cmd.set_defaults(run=_publish)

    workshop_cmd = _command(
        commands, "werkplaats", "formulier waarmee deelnemers zelf een verhaal insturen",
        "Open een formulier voor een verhalenmiddag: deelnemers sturen zelf een verhaal met foto's in.\n"
        "Elk verhaal komt als concept in content/verhalen/.",
        ("wijksite werkplaats", "opent het formulier op http://127.0.0.1:8001/, alleen op deze computer"),
        ("wijksite werkplaats --netwerk --poort 8002", "ook voor telefoons op het netwerk, met een toegangscode"),
        ("wijksite werkplaats --site D:\\Wijksite", "voor de site in D:\\Wijksite"),
    )
    _option(workshop_cmd, "--poort", "--port", type=port_number, default=8001, metavar="POORT",
            help="poort (standaard 8001)")
    workshop_cmd.add_argument(
        "--netwerk", action="store_true", help="ook bereikbaar voor telefoons op het netwerk, met een toegangscode"
    )
    workshop_cmd.set_defaults(run=_workshop)

    admin_cmd = _command(
        commands, "beheer", "beheer de site in de browser: nakijken, bewerken, publiceren",
        "Open beheer in de browser: nieuwe verhalen en initiatieven nakijken en goedkeuren, inhoud bewerken\n"
        "met formulieren, eerdere versies terugzetten en de site publiceren. Niets gaat verloren.",
        ("wijksite beheer --open", "opent beheer op http://127.0.0.1:8002/ in de browser"),
        ("wijksite beheer --netwerk --poort 8003", "ook voor andere computers in het netwerk, met een toegangscode"),
        ("wijksite beheer --site D:\\Wijksite", "beheert de site in D:\\Wijksite"),
    )
    _option(admin_cmd, "--poort", "--port", type=port_number, default=8002, metavar="POORT",
            help="poort (standaard 8002)")
    admin_cmd.add_argument("--open", action="store_true", help="open de browser")
    admin_cmd.add_argument(
        "--netwerk", action="store_true", help="ook bereikbaar voor andere computers in het netwerk, met toegangscode"
    )
    admin_cmd.set_defaults(run=_admin)

    check_cmd = _command(
        commands, "check", "controleer alle inhoud zonder iets te schrijven",
        "Controleer site.yaml en alle inhoud, zonder iets te schrijven. Elke fout en waarschuwing wordt\n"
        "genoemd met bestand en regel; bij een fout stopt wijksite met een foutcode.",
        ("wijksite check", "controleert de site in de map waarin u nu bent"),
        ("wijksite check --concepten", "controleert ook de concepten, zoals build --concepten ze bouwt"),
        ("wijksite check --site D:\\Wijksite", "controleert de site in D:\\Wijksite"),
    )
    _option(check_cmd, "--concepten", "--drafts", action="store_true",
            help="controleer concepten zoals build --concepten ze bouwt")
    check_cmd.set_defaults(run=_check)

    init_cmd = _command(
        commands, "init", "maak een nieuwe, lege site in MAP",
        "Maak een nieuwe site in een nieuwe map, met een voorbeeldinitiatief en een voorbeeldverhaal.\n"
        "De nieuwe site is meteen te bouwen met wijksite build.",
        ("wijksite init Oost --titel \"Wijk Oost\" --gemeente Dordrecht", "maakt de site in de map Oost"),
        site_options=False,
    )
    init_cmd.add_argument("path", type=Path, metavar="MAP",
                          help="de map voor de nieuwe site (die mag nog niet bestaan)")
    init_cmd.add_argument("--titel", default="Onze wijk", metavar="TITEL",
                          help="naam van de site (standaard: Onze wijk)")
    init_cmd.add_argument("--gemeente", default="Onze gemeente", metavar="NAAM",
                          help="naam van de gemeente (standaard: Onze gemeente)")
    init_cmd.set_defaults(run=_init)

    new_cmd = _command(
        commands, "new", "maak een nieuw initiatief of verhaal",
        "Maak een nieuw initiatief of verhaal, ingevuld als voorbeeld en als concept.\n"
        "Een initiatief komt in content/initiatieven/, een verhaal in een eigen map in content/verhalen/.",
        ("wijksite new initiatief \"Repair Café\"", "maakt content/initiatieven/repair-cafe.md"),
        ("wijksite new verhaal \"De watersnood van '53\" --site D:\\Wijksite",
         "maakt content/verhalen/de-watersnood-van-53/index.md in de site in D:\\Wijksite"),
    )
    new_cmd.add_argument("kind", choices=["initiatief", "verhaal"], metavar="SOORT", help="initiatief of verhaal")
    new_cmd.add_argument("title", metavar="TITEL", help="de titel; de bestandsnaam wordt ervan gemaakt")
    new_cmd.set_defaults(run=_new)

    withdraw_cmd = _command(
        commands, "intrekken", "trek de toestemming in voor een verhaal of één foto",
        "Trek de toestemming in voor een verhaal, of voor één foto ervan. wijksite zet toestemming: nee\n"
        "en de datum van vandaag in het bestand; bij de volgende build verdwijnt het van de site.",
        ("wijksite intrekken molens", "het hele verhaal in content/verhalen/molens/"),
        ("wijksite intrekken molens --foto ijs.jpg --site D:\\Wijksite",
         "alleen de foto ijs.jpg, in de site in D:\\Wijksite; de rest van het verhaal blijft"),
    )
    withdraw_cmd.add_argument("slug", metavar="VERHAAL", help="de naam van de map van het verhaal")
    withdraw_cmd.add_argument("--foto", metavar="BESTAND", help="alleen deze foto van het verhaal")
    withdraw_cmd.set_defaults(run=_withdraw)

    import_cmd = _command(
        commands, "importeer-fotos", "maak conceptverhalen van een map met foto's (één per submap)",
        "Maak conceptverhalen van een map met foto's of scans: één verhaal per submap.\n"
        "De originele foto's blijven onaangeroerd.",
        ("wijksite importeer-fotos D:\\Scans\\Fotomiddag", "één conceptverhaal per submap van Fotomiddag"),
        ("wijksite importeer-fotos E:\\ --titel \"Straatfeest 1985\" --site D:\\Wijksite",
         "de foto's op de USB-stick zelf worden het verhaal Straatfeest 1985 in de site in D:\\Wijksite"),
    )
    import_cmd.add_argument("folder", type=Path, metavar="MAP",
                            help="de map met foto's; elke submap wordt een verhaal")
    import_cmd.add_argument("--titel", metavar="TITEL", help="titel van het verhaal voor de foto's in MAP zelf")
    import_cmd.set_defaults(run=_import)

    schema_cmd = _command(
        commands, "schema", "schrijf de JSON Schema-bestanden in MAP en velden.md ernaast",
        "Schrijf de JSON Schema-bestanden (voor editors) in MAP, en de lijst van alle velden\n"
        "(velden.md) in de map erboven.",
        ("wijksite schema docs/schema", "schrijft docs/schema/*.schema.json en docs/velden.md"),
        site_options=False,
    )
    schema_cmd.add_argument("path", type=Path, metavar="MAP", help="de map voor de schema-bestanden")
    schema_cmd.set_defaults(run=_schema)
    return parser


def _command(commands: Any, name: str, summary: str, description: str, *examples: tuple[str, str],
             site_options: bool = True) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary, its description and examples that use every argument."""
    command: argparse.ArgumentParser = commands.add_parser(name, help=summary, description=description,
                                                           epilog=_examples(*examples))
    if site_options:
        _option(command, "--site", "--source", type=Path, default=Path("."), metavar="MAP",
                help="map van de site, waar site.yaml staat (standaard: deze map)")
    return command


def _option(command: argparse.ArgumentParser, name: str, earlier: str, **settings: Any) -> None:
    """An option by its Dutch name, with its earlier (English) spelling still accepted but not shown in the help:
    scripts and habits from before keep working."""
    dest = earlier.lstrip("-").replace("-", "_")
    command.add_argument(name, dest=dest, **settings)
    hidden = {key: value for key, value in settings.items() if key not in ("help", "metavar")}
    command.add_argument(earlier, dest=dest, help=argparse.SUPPRESS, **hidden)


def _examples(*examples: tuple[str, str]) -> str:
    lines = ["Voorbeelden:" if len(examples) > 1 else "Voorbeeld:"]
    for command, meaning in examples:
        lines += [f"  {command}", f"      {meaning}"]
    return "\n".join(lines)


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def _photo_progress(done: int, total: int) -> None:
    """A progress bar on a terminal; on a log, a line at every tenth."""
    if sys.stderr.isatty():
        filled = round(24 * done / total)
        end = "\n" if done == total else ""
        print(
            f"\r  … foto's [{'#' * filled}{'.' * (24 - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True
        )
    elif done == total or done % max(1, total // 10) == 0:
        print(f"  … foto's {done}/{total}", file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    root = _site_root(args.source)
    output = args.output.resolve() if args.output else None
    options = BuildOptions(root, output, args.drafts, args.base_url, args.opschonen)
    print(f"wijksite {__version__}: de site in {root} bouwen", file=sys.stderr)
    report = build(options, _progress, _photo_progress)
    _print_problems(report.problems)
    if report.removed_foreign:
        shown = report.removed_foreign[:20]
        print(f"Opgeschoond: {_count(len(report.removed_foreign), 'bestand', 'bestanden')} die wijksite niet "
              f"gemaakt had, verwijderd uit {options.output_dir}:")
        print("".join(f"  {path}\n" for path in shown), end="")
        if len(report.removed_foreign) > len(shown):
            print(f"  en nog {len(report.removed_foreign) - len(shown)}")
    print(
        f"Klaar: {_count(report.pages, 'pagina', PAGINAS)} ({report.pages_made} opnieuw gemaakt), "
        f"{_count(report.photos, 'foto', FOTOS)} ({report.photos_processed} nieuw verwerkt), "
        f"{_count(len(report.warnings), 'waarschuwing', 'waarschuwingen')}, {report.seconds:.1f} s "
        f"→ {options.output_dir}"
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .content.config import load_config
    from .preview.server import serve  # the web server's libraries load only when a preview is asked for

    root = _site_root(args.source)
    load_config(root)
    serve(root, args.port, args.open, lambda line: print(line, flush=True))
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    from .content.config import load_config
    from .publish.targets import ask_on_terminal, publish, target_from

    root = _site_root(args.source)
    config = load_config(root)
    options = {
        "map": args.naar_map,
        "zip": args.naar_zip,
        "git": args.naar_git,
        "rsync": args.naar_rsync,
        "tak": args.tak,
    }
    target = target_from(config.publish_to, options, root)  # before building: a wrong target costs no build
    build_options = BuildOptions(root)
    report = build(build_options, _progress, _photo_progress)  # errors stop here: nothing is published
    _print_problems(report.problems)
    ask = (lambda question: True) if args.ja else ask_on_terminal
    say = lambda line: print(line, flush=True)  # noqa: E731
    changes = publish(build_options.output_dir, target, root, args.dry_run, ask, say)
    if args.dry_run:
        print("Proefdraai: er is niets veranderd.")
    elif changes.empty:
        print("Het doel was al bij; er is niets veranderd.")
    else:
        print(f"Klaar: de site is gepubliceerd naar {target.place}.")
    return EXIT_OK


def _workshop(args: argparse.Namespace) -> int:
    from .werkplaats.app import run_workshop  # the web server's libraries load only when the workshop starts

    root = _site_root(args.source)
    run_workshop(root, args.port, args.netwerk, lambda line: print(line, flush=True))
    return EXIT_OK


def _admin(args: argparse.Namespace) -> int:
    from .beheer.app import run_admin  # the web server's libraries load only when beheer starts

    root = _site_root(args.source)
    run_admin(root, args.port, args.open, args.netwerk, lambda line: print(line, flush=True))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .pipeline import prepare
    from .site.review import review_lines

    root = _site_root(args.source)
    plan = prepare(BuildOptions(root, drafts=args.drafts, use_cache=False), _progress)
    _print_problems(plan.problems)
    site = plan.site
    _print_consent_followup(site)
    if site.drafts:
        print(f"Concepten die wachten op nalezen ({len(site.drafts)}):", *review_lines(site), "", sep="\n")
    print(
        f"In orde: {_count(len(site.initiatives), 'initiatief', 'initiatieven')}, "
        f"{_count(len(site.stories), 'verhaal', 'verhalen')}, {_count(len(site.pages), 'pagina', PAGINAS)}, "
        f"{_count(len(plan.photos), 'foto', FOTOS)}; {_count(len(plan.problems), 'waarschuwing', 'waarschuwingen')}."
    )
    return EXIT_OK


def _print_consent_followup(site: Site) -> None:
    """One list of everything left out for lack of consent, for the volunteer who follows up."""
    cases = [
        f"  verhaal  {s.source_path}: "
        + (f"ingetrokken op {s.withdrawn}" if s.withdrawn else _consent_answer(s.consent))
        for s in site.withheld_stories
    ]
    cases += [
        f"  foto     {p.entry_path}:{p.line} {p.file_name}: "
        + (f"ingetrokken op {p.withdrawn}" if p.withdrawn
           else _consent_answer(p.consent) if p.consent == "nee" else f"herkenbare personen, toestemming '{p.consent}'")
        for p in site.withheld_photos
    ]
    if cases:
        print(f"\nNiet gepubliceerd wegens toestemming ({len(cases)}):")
        print("\n".join(cases))
        print()


def _consent_answer(consent: str) -> str:
    """'nee' is an answer to respect, not something to follow up."""
    return "nee gezegd; dat wordt gerespecteerd" if consent == "nee" else f"toestemming '{consent}'"


def _init(args: argparse.Namespace) -> int:
    from .content.scaffold import init_site

    created = init_site(args.path, args.titel, args.gemeente)
    for path in created:
        print(f"gemaakt: {path}")
    print(f"\nDe nieuwe site staat in {args.path}. Bouw hem met:\n  cd {args.path}\n  wijksite build")
    print("Zolang er nog voorbeeldtekst in de bestanden staat, geven check en build daar een waarschuwing voor.")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .content.config import load_config
    from .content.scaffold import new_entry

    root = _site_root(args.source)
    config = load_config(root)
    wijk = config.wijken[0].name if config.wijken else config.municipality
    path = new_entry(root, args.kind, args.title, wijk, config.municipality)
    print(
        f"gemaakt: {path.relative_to(root)}\nOpen het bestand, vul de gegevens in en zet concept op false "
        "als het klaar is."
    )
    return EXIT_OK


def _withdraw(args: argparse.Namespace) -> int:
    from .content.consent import withdraw

    root = _site_root(args.source)
    path = withdraw(root, args.slug, args.foto)
    if args.foto:
        what = (f"de foto {args.foto} van het verhaal", f"verdwijnt de foto {args.foto} overal van de site: van de "
                "pagina van het verhaal (met het bijschrift), uit de lijsten, de zoekfunctie en de open data.\n"
                "Het verhaal zelf en de andere foto's blijven gepubliceerd")
    else:
        what = ("het verhaal", "verdwijnt het verhaal overal van de site: de pagina, de foto's, de lijsten en de "
                "zoekfunctie")
    print(
        f"Toestemming ingetrokken voor {what[0]} in {path.relative_to(root)} (toestemming: nee, ingetrokken: "
        f"vandaag).\nBij de volgende build {what[1]}.\nBouw en publiceer de site nu opnieuw: wijksite build"
    )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .content.config import load_config
    from .photos.folder_import import import_photos

    root = _site_root(args.source)
    load_config(root)
    imported = import_photos(root, args.folder, args.titel)
    for story in imported.stories:
        print(f"gemaakt: {story.path.relative_to(root)} met {_count(len(story.photos), 'foto', FOTOS)}")
        for reason in story.skipped:
            print(f"  overgeslagen: {reason}")
    if imported.skipped:
        print("niet ingelezen:")
        print("".join(f"  overgeslagen: {reason}\n" for reason in imported.skipped), end="")
    print(
        "\nDe verhalen zijn concepten (concept: true). Vul de regels met NOG INVULLEN in, vraag toestemming,\n"
        "en zet dan concept: false. De originele foto's zijn niet veranderd."
    )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .content import schema

    args.path.mkdir(parents=True, exist_ok=True)
    for name in schema.SCHEMAS:
        target = args.path / f"{name}.schema.json"
        target.write_text(
            json.dumps(schema.json_schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"geschreven: {target}")
    reference = args.path.parent / "velden.md"
    reference.write_text(schema.markdown_reference() + "\n", encoding="utf-8")
    print(f"geschreven: {reference}")
    return EXIT_OK


def _site_root(source: Path) -> Path:
    root = source.resolve()
    if not root.is_dir():
        raise UsageError(f"de map {source} bestaat niet")
    return root


def _print_problems(problems: list[SiteError]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        print(problem.format(), file=sys.stderr)
