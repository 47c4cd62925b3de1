"""What a build is asked to do (`BuildOptions`) and what it tells afterwards (`BuildReport`): the words that
build.py, the pipeline and every command share, kept apart from the pipeline so that a build with nothing to do
loads none of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import SiteError
from .incremental.state import CACHE_DIR

Progress = Callable[[str], None]
PhotoProgress = Callable[[int, int], None]

DEFAULT_THEME = "standaard"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None  # default: root/output
    drafts: bool = False
    base_url: str | None = None
    remove_foreign: bool = False
    today: date | None = None
    use_cache: bool = True  # `check` reads and writes no cache: it leaves the site folder exactly as it was
    check_links: bool = True  # off only to measure what the link check costs (bench/links.py)
    preview: bool = False  # `serve` only: stories held back for consent get a page that says why (never published)

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "output"

    @property
    def photo_cache(self) -> Path:
        return self.root / CACHE_DIR / "fotos"

    def input_paths(self) -> list[Path]:
        """Everything a build reads: site.yaml, the content, the site's own theme files, and the default theme."""
        folders = [self.root / name for name in ("site.yaml", "content", "templates", "static", "themes",
                                                 "berichten")]
        return [path for path in (*folders, default_theme_dir()) if path.exists()]


@dataclass
class BuildReport:
    pages: int = 0
    photos: int = 0
    photos_processed: int = 0
    files: int = 0
    seconds: float = 0.0
    problems: list[SiteError] = field(default_factory=list)
    pages_made: int = 0  # pages rendered by this build; the others were the same as last time
    files_written: int = 0  # files written or replaced in the output; the others were left as they were
    removed_foreign: tuple[str, ...] = ()  # files wijksite did not make, removed from the output (--opschonen)
    preview_only: tuple[str, ...] = ()  # URLs of pages a preview shows that a real build never makes

    @property
    def warnings(self) -> list[SiteError]:
        return [p for p in self.problems if not p.is_error]


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or the repository's themes/ in a checkout."""
    package = Path(__file__).parent
    packaged = package / "themes" / DEFAULT_THEME
    return packaged if packaged.is_dir() else package.parent / "themes" / DEFAULT_THEME
