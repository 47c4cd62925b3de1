"""Running the git program for wijksite: publishing to a git branch, and keeping each save made in `beheer`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import UsageError

# git settings that point at another repository (set inside a git hook, say) must not reach ours
GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE")


def run_git(*args: str, cwd: Path | None = None, check: bool = True,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """git with these arguments; UsageError (in Dutch) when git is missing, or fails and `check` is set."""
    environment = {k: v for k, v in os.environ.items() if k not in GIT_LOCATION}
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=environment, capture_output=True, text=True,
                                timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise UsageError("git is niet geïnstalleerd; installeer het (Debian/Ubuntu: apt-get install git, "
                         "Mac: brew install git) of kies een ander doel") from exc
    if check and result.returncode != 0:
        raise UsageError(f"git gaf een fout bij 'git {args[0]}': {(result.stderr or result.stdout).strip()[-400:]}")
    return result


def identity(work: Path) -> list[str]:
    """The user's own git name and e-mail when set; otherwise commit as wijksite (never changing git's settings)."""
    if run_git("config", "user.email", cwd=work, check=False).stdout.strip():
        return []
    return ["-c", "user.name=wijksite", "-c", "user.email=wijksite@localhost"]


def git_bytes(*args: str, cwd: Path) -> bytes | None:
    """git's output as bytes, untouched (a file's old version, with its own line ends); None if git failed."""
    environment = {k: v for k, v in os.environ.items() if k not in GIT_LOCATION}
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=environment, capture_output=True, timeout=60,
                                check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
