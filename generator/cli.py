"""The `wijksite` command: build, check, init and new, with Dutch messages and no tracebacks for content."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from . import __version__, schema
from .build import BuildOptions, build, prepare
from .config import load_config
from .consent import withdraw
from .errors import BuildStopped, SiteError, UsageError, errors_in
from .photo_import import import_photos
from .publish import ask_on_terminal, publish, target_from
from .review import review_lines
from .scaffold import init_site, new_entry
from .site import Site

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
    parser = argparse.ArgumentParser(
        prog="wijksite", description="Maak de website van een wijk uit Markdown-bestanden."
    )
    parser.add_argument("--version", action="version", version=f"wijksite {__version__}")
    commands = parser.add_subparsers(title="opdrachten", metavar="OPDRACHT")

    build_cmd = commands.add_parser("build", help="bouw de site in output/")
    _site_options(build_cmd)
    build_cmd.add_argument("--output", type=Path, help="map voor de gebouwde site (standaard: output/ in de site)")
    build_cmd.add_argument("--drafts", action="store_true", help="neem ook concepten op (concept: true)")
    build_cmd.add_argument("--base-url", help="het adres waarop de site komt te staan (overschrijft basis_url)")
    build_cmd.add_argument(
        "--opschonen", action="store_true", help="verwijder bestanden in de uitvoermap die wijksite niet gemaakt heeft"
    )
    build_cmd.set_defaults(run=_build)

    serve_cmd = commands.add_parser("serve", help="bekijk de site terwijl u schrijft: ververst bij elke opslag")
    _site_options(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=8000, help="poort op 127.0.0.1 (standaard 8000)")
    serve_cmd.add_argument("--open", action="store_true", help="open de browser")
    serve_cmd.set_defaults(run=_serve)

    publish_cmd = commands.add_parser("publish", help="bouw de site en zet hem online (map, zip, git of rsync)")
    _site_options(publish_cmd)
    where = publish_cmd.add_mutually_exclusive_group()
    where.add_argument("--naar-map", metavar="MAP", help="naar een map, bijvoorbeeld een gedeelde schijf")
    where.add_argument("--naar-zip", metavar="BESTAND", help="naar een zip-bestand voor een webhost")
    where.add_argument("--naar-git", metavar="REPO", help="naar een tak van een git-repository (GitHub/GitLab Pages)")
    where.add_argument("--naar-rsync", metavar="ADRES", help="naar een webserver met rsync over ssh")
    publish_cmd.add_argument("--tak", help="tak (branch) voor --naar-git (standaard gh-pages)")
    publish_cmd.add_argument("--dry-run", action="store_true", help="laat zien wat er zou veranderen, verander niets")
    publish_cmd.add_argument(
        "--ja", action="store_true", help="antwoord ja op de vraag om oude bestanden te verwijderen"
    )
    publish_cmd.set_defaults(run=_publish)

    workshop_cmd = commands.add_parser("werkplaats", help="formulier waarmee deelnemers zelf een verhaal insturen")
    _site_options(workshop_cmd)
    workshop_cmd.add_argument("--port", type=int, default=8001, help="poort (standaard 8001)")
    workshop_cmd.add_argument(
        "--netwerk", action="store_true", help="ook bereikbaar voor telefoons op het netwerk, met een toegangscode"
    )
    workshop_cmd.set_defaults(run=_workshop)

    admin_cmd = commands.add_parser("beheer", help="beheer de site in de browser: nakijken, bewerken, publiceren")
    _site_options(admin_cmd)
    admin_cmd.add_argument("--port", type=int, default=8002, help="poort (standaard 8002)")
    admin_cmd.add_argument("--open", action="store_true", help="open de browser")
    admin_cmd.add_argument(
        "--netwerk", action="store_true", help="ook bereikbaar voor andere computers in het netwerk, met toegangscode"
    )
    admin_cmd.set_defaults(run=_admin)

    check_cmd = commands.add_parser("check", help="controleer alle inhoud zonder iets te schrijven")
    _site_options(check_cmd)
    check_cmd.add_argument("--drafts", action="store_true", help="controleer concepten zoals build --drafts ze bouwt")
    check_cmd.set_defaults(run=_check)

    init_cmd = commands.add_parser("init", help="maak een nieuwe, lege site in MAP")
    init_cmd.add_argument("path", type=Path, metavar="MAP")
    init_cmd.add_argument("--titel", default="Onze wijk", help="naam van de site")
    init_cmd.add_argument("--gemeente", default="Onze gemeente", help="naam van de gemeente")
    init_cmd.set_defaults(run=_init)

    new_cmd = commands.add_parser("new", help="maak een nieuw initiatief of verhaal")
    new_cmd.add_argument("kind", choices=["initiatief", "verhaal"], metavar="SOORT", help="initiatief of verhaal")
    new_cmd.add_argument("title", metavar="TITEL")
    _site_options(new_cmd)
    new_cmd.set_defaults(run=_new)

    withdraw_cmd = commands.add_parser("intrekken", help="trek de toestemming in voor een verhaal of één foto")
    withdraw_cmd.add_argument("slug", metavar="VERHAAL", help="de naam van de map van het verhaal")
    withdraw_cmd.add_argument("--foto", metavar="BESTAND", help="alleen deze foto van het verhaal")
    _site_options(withdraw_cmd)
    withdraw_cmd.set_defaults(run=_withdraw)

    import_cmd = commands.add_parser(
        "importeer-fotos", help="maak conceptverhalen van een map met foto's (één per submap)"
    )
    import_cmd.add_argument("folder", type=Path, metavar="MAP")
    import_cmd.add_argument("--titel", help="titel van het verhaal voor de foto's in MAP zelf")
    _site_options(import_cmd)
    import_cmd.set_defaults(run=_import)

    schema_cmd = commands.add_parser("schema", help="schrijf de JSON Schema-bestanden in MAP en velden.md ernaast")
    schema_cmd.add_argument("path", type=Path, metavar="MAP")
    schema_cmd.set_defaults(run=_schema)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--source", type=Path, default=Path("."), help="map van de site (standaard: deze map)")


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
    from .serve import serve  # the web server's libraries load only when a preview is asked for

    root = _site_root(args.source)
    load_config(root)
    serve(root, args.port, args.open, lambda line: print(line, flush=True))
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
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
    from .workshop import run_workshop  # the web server's libraries load only when the workshop starts

    root = _site_root(args.source)
    run_workshop(root, args.port, args.netwerk, lambda line: print(line, flush=True))
    return EXIT_OK


def _admin(args: argparse.Namespace) -> int:
    from .admin import run_admin  # the web server's libraries load only when beheer starts

    root = _site_root(args.source)
    run_admin(root, args.port, args.open, args.netwerk, lambda line: print(line, flush=True))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
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
    created = init_site(args.path, args.titel, args.gemeente)
    for path in created:
        print(f"gemaakt: {path}")
    print(f"\nDe nieuwe site staat in {args.path}. Bouw hem met:\n  cd {args.path}\n  wijksite build")
    print("Zolang er nog voorbeeldtekst in de bestanden staat, geven check en build daar een waarschuwing voor.")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
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
    root = _site_root(args.source)
    path = withdraw(root, args.slug, args.foto)
    what = f"de foto {args.foto} van het verhaal" if args.foto else "het verhaal"
    print(
        f"Toestemming ingetrokken voor {what} in {path.relative_to(root)} (toestemming: nee, ingetrokken: vandaag).\n"
        "Bij de volgende build verdwijnt het overal van de site: de pagina, de foto's, de lijsten en de zoekfunctie.\n"
        "Bouw en publiceer de site nu opnieuw: wijksite build"
    )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
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
