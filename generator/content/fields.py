"""Check front matter values against the schema table and turn them into clean Python values."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import SiteError, warning
from . import schema as s
from .dates import DateError, parse_fuzzy_date
from .slugs import fold
from .yamldoc import YamlDoc

# Keys people type from habit or from other site generators, and the key wijksite uses.
KEY_ALIASES = {"title": "titel", "summary": "samenvatting", "date": "datum", "tags": "onderwerpen",
               "photos": "fotos", "foto's": "fotos", "draft": "concept", "thema's": "themas",
               "themes": "themas", "image": "afbeelding", "email": "e-mail", "mail": "e-mail",
               "onderwerp": "onderwerpen", "foto": "fotos", "organisatie": "organisaties", "thema": "themas"}
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,20}$")


@dataclass
class Checker:
    """Checks one file's front matter; collects problems instead of stopping at the first."""

    doc: YamlDoc
    path: str
    vocabularies: dict[str, dict[str, str]] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    draft: bool = False  # a draft may still miss what is only needed to publish (alt texts)
    problems: list[SiteError] = field(default_factory=list)

    def check(self, values: dict[str, Any], fields: tuple[s.Field, ...], prefix: str = "") -> dict[str, Any]:
        """The clean values of `fields` found in `values`; missing optional fields are left out."""
        known = {f.key: f for f in fields}
        for key in values:
            if str(key) not in known:
                self._unknown_key(str(key), prefix, tuple(known))
        clean: dict[str, Any] = {}
        for spec in fields:
            raw = values.get(spec.key)
            if raw is None or raw == "" or raw == []:
                if spec.required and self.draft and spec.key in s.NEEDED_TO_PUBLISH:
                    self.warn(prefix + spec.key, f"'{spec.key}' moet nog ingevuld worden voor dit concept "
                              "gepubliceerd kan worden", f"bijvoorbeeld: {spec.key}: {_example(spec)}")
                elif spec.required:
                    self.error(prefix + spec.key, f"'{spec.key}' ontbreekt of is leeg",
                               f"vul het in, bijvoorbeeld: {spec.key}: {_example(spec)}")
                continue
            value = self._value(spec, raw, prefix + spec.key)
            if value is not None:
                clean[spec.key] = value
        return clean

    def error(self, key_path: str, message: str, hint: str = "") -> None:
        self.problems.append(SiteError(self.path, self.doc.line_of(key_path), message, hint))

    def warn(self, key_path: str, message: str, hint: str = "") -> None:
        self.problems.append(warning(self.path, self.doc.line_of(key_path), message, hint))

    def _unknown_key(self, key: str, prefix: str, known: tuple[str, ...]) -> None:
        suggestion = KEY_ALIASES.get(key.casefold())
        if suggestion not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
            suggestion = close[0] if close else None
        hint = f"bedoel je '{suggestion}'?" if suggestion else f"bekende sleutels: {', '.join(known)}"
        self.warn(prefix + key, f"onbekende sleutel '{key}' wordt niet gebruikt", hint)

    def _value(self, spec: s.Field, raw: Any, key_path: str) -> Any:
        kind = spec.kind
        if kind in (s.TEXT, s.LONG_TEXT, s.MARKDOWN):
            return self._text(spec, raw, key_path)
        if kind == s.FILE_NAME:
            return self._file_name(spec, raw, key_path)
        if kind == s.TEXT_LIST:
            items = raw if isinstance(raw, list) else [raw]
            texts = [self._text(spec, item, f"{key_path}.{i}") for i, item in enumerate(items)]
            return tuple(text for text in texts if text)
        if kind == s.CHOICE:
            return self._choice(spec, raw, key_path)
        if kind == s.VOCAB:
            return self._vocab(spec, raw, key_path)
        if kind == s.VOCAB_LIST:
            items = raw if isinstance(raw, list) else [raw]
            words = [self._vocab(spec, item, f"{key_path}.{i}") for i, item in enumerate(items)]
            return tuple(dict.fromkeys(word for word in words if word))
        if kind == s.YES_NO:
            return self._yes_no(raw, key_path)
        if kind in (s.DATE, s.FUZZY_DATE):
            return self._date(spec, raw, key_path)
        if kind in (s.URL, s.EMAIL, s.PHONE):
            return self._pattern(spec, raw, key_path)
        if kind == s.NUMBER:
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return raw
            self.error(key_path, f"'{spec.key}' moet een getal zijn", f"bijvoorbeeld: {spec.key}: 1")
            return None
        if kind == s.NUMBER_LIST:
            items = raw if isinstance(raw, list) else [raw]
            if items and all(isinstance(n, int) and not isinstance(n, bool) and 16 <= n <= 8000 for n in items):
                return tuple(sorted(set(items)))
            self.error(key_path, f"'{spec.key}' moet een lijst van hele getallen tussen 16 en 8000 zijn",
                       f"bijvoorbeeld: {spec.key}: [480, 960, 1600]")
            return None
        if kind == s.COORDINATES:
            return self._coordinates(raw, key_path)
        if kind == s.OBJECT:
            if not isinstance(raw, dict):
                self.error(key_path, f"'{spec.key}' moet een groep ingesprongen regels zijn",
                           f"zet de onderdelen eronder, ingesprongen met twee spaties: {_example(spec)}")
                return None
            return self.check(raw, spec.fields, key_path + ".")
        if kind == s.OBJECT_LIST:
            return self._object_list(spec, raw, key_path)
        raise AssertionError(f"onbekend soort veld {kind}")

    def _text(self, spec: s.Field, raw: Any, key_path: str) -> str | None:
        if isinstance(raw, (dict, list)):
            self.error(key_path, f"'{spec.key}' moet gewone tekst zijn",
                       "zet de tekst op dezelfde regel, tussen aanhalingstekens als hij : of # bevat")
            return None
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        text = text.strip()
        if spec.kind != s.MARKDOWN and spec.kind != s.LONG_TEXT:
            text = " ".join(text.split())
        if spec.max_length and len(text) > spec.max_length:
            self.error(key_path, f"'{spec.key}' is {len(text)} tekens lang; het maximum is {spec.max_length}",
                       "maak het korter; lange tekst hoort onder de gegevens, in het verhaal zelf")
            return None
        return text

    def _file_name(self, spec: s.Field, raw: Any, key_path: str) -> str | None:
        """A plain name of a file beside the entry: no folders, no way out of the entry's folder."""
        name = self._text(spec, raw, key_path)
        if name is None:
            return None
        if any(c in name for c in "/\\\x00") or name.startswith("."):
            self.error(key_path, f"'{name}' is geen gewone bestandsnaam",
                       "zet het bestand in dezelfde map als index.md en schrijf alleen de naam, zoals foto.jpg")
            return None
        if ":" in name or name != name.strip():
            self.error(key_path, f"'{name}' is geen bestandsnaam die een Windows-pc of USB-stick kan bewaren",
                       "geef het bestand een naam zonder : en zonder spatie aan het begin of eind, "
                       "zoals foto-1.jpg, en schrijf die nieuwe naam hier")
            return None
        return name

    def _choice(self, spec: s.Field, raw: Any, key_path: str) -> str | None:
        if raw is True or raw is False:  # YAML reads yes/no/true/false as booleans
            raw = "ja" if raw else "nee"
        text = fold(str(raw).strip())
        if text in spec.choices:
            return text
        self.error(key_path, f"'{raw}' is geen geldige waarde voor '{spec.key}'",
                   _did_you_mean(str(raw), spec.choices))
        return None

    def _vocab(self, spec: s.Field, raw: Any, key_path: str) -> str | None:
        words = self.vocabularies.get(spec.vocabulary, {})
        found = words.get(fold(str(raw).strip()))
        if found:
            return found
        self.error(key_path, f"onbekende waarde \"{raw}\" bij '{spec.key}'",
                   _did_you_mean(str(raw), tuple(dict.fromkeys(words.values())))
                   + f" (of voeg hem toe aan {spec.vocabulary} in site.yaml)")
        return None

    def _yes_no(self, raw: Any, key_path: str) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = fold(str(raw).strip())
        if text in ("ja", "nee"):
            return text == "ja"
        self.error(key_path, f"'{raw}' is geen ja of nee", "schrijf true (ja) of false (nee)")
        return None

    def _date(self, spec: s.Field, raw: Any, key_path: str) -> Any:
        try:
            value = parse_fuzzy_date(raw, self.today)
        except DateError as exc:
            self.error(key_path, f"datum bij '{spec.key}': {exc}", _date_hint(spec))
            return None
        if spec.kind == s.DATE:
            if value.precision != "dag":
                self.error(key_path, f"'{spec.key}' moet een precieze datum zijn", _date_hint(spec))
                return None
            return value.start
        return value

    def _pattern(self, spec: s.Field, raw: Any, key_path: str) -> str | None:
        text = str(raw).strip()
        pattern = {s.URL: _URL, s.EMAIL: _EMAIL, s.PHONE: _PHONE}[spec.kind]
        if pattern.match(text):
            return text
        hints = {s.URL: "begin het adres met https://, bijvoorbeeld https://example.org",
                 s.EMAIL: "bijvoorbeeld naam@example.org", s.PHONE: "alleen cijfers, spaties en streepjes"}
        self.error(key_path, f"'{text}' is geen geldig(e) {spec.kind} bij '{spec.key}'", hints[spec.kind])
        return None

    def _coordinates(self, raw: Any, key_path: str) -> tuple[float, float] | None:
        numbers = raw if isinstance(raw, list) else []
        if (len(numbers) == 2 and all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers)
                and -90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
            return (float(numbers[0]), float(numbers[1]))
        self.error(key_path, "de coördinaten kloppen niet",
                   "schrijf [breedtegraad, lengtegraad], bijvoorbeeld [51.8656, 4.6606]")
        return None

    def _object_list(self, spec: s.Field, raw: Any, key_path: str) -> tuple[dict[str, Any], ...] | None:
        if not isinstance(raw, list):
            self.error(key_path, f"'{spec.key}' moet een lijst zijn",
                       "begin elk onderdeel op een nieuwe regel met '- ', ingesprongen")
            return None
        items = []
        for index, item in enumerate(raw):
            item_path = f"{key_path}.{index}"
            if spec.shorthand and isinstance(item, (str, int, float)) and not isinstance(item, bool):
                item = {spec.shorthand: item}  # `themas: [Zorg]`, the way entries list them
            if not isinstance(item, dict):
                first = spec.fields[0].key
                self.error(item_path, f"onderdeel {index + 1} van '{spec.key}' is geen groep",
                           f"schrijf het als '- {first}: ...' met de andere regels eronder")
                continue
            items.append(self.check(item, spec.fields, item_path + "."))
        return tuple(items)


def vocabulary(names: list[str]) -> dict[str, str]:
    """Folded name -> name as written in site.yaml."""
    return {fold(name): name for name in names}


def _did_you_mean(value: str, choices: tuple[str, ...]) -> str:
    folded = {fold(choice): choice for choice in choices}
    close = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=0.6)
    options = ", ".join(choices)
    return f"bedoel je \"{folded[close[0]]}\"? Kies uit: {options}" if close else f"kies uit: {options}"


def _example(spec: s.Field) -> str:
    return str(spec.example) if not isinstance(spec.example, (dict, list)) else "zie docs/inhoud.md"


def _date_hint(spec: s.Field) -> str:
    if spec.kind == s.DATE:
        return "schrijf jaar-maand-dag, bijvoorbeeld 2026-09-15"
    return "bijvoorbeeld 1953-02-01, februari 1953, 1953, circa 1953, zomer 1962, jaren '50 of 1950-1959"
