"""The output folder: refused when writing it could destroy anything else, locked while a build writes it,
and replaced by an atomic exchange so that it is never missing or half-written, even after a kill."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from danvan.errors import CorpusError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_previous_build(folder: Path) -> bool:
    """Whether ``folder`` holds a corpus this tool built (its manifest names a corpus version)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(manifest, dict) and "corpus_version" in manifest and "outputs" in manifest


def check_out(
    out: Path,
    inputs: Sequence[Path],
    is_previous: Callable[[Path], bool] = is_previous_build,
    previous: str = "a corpus built by this tool",
) -> None:
    """CorpusError unless ``out`` may be (re)written: not an input or the cache, not inside or around one,
    not a file, and empty or a previous output (``is_previous``, described as ``previous``)."""
    target = out.resolve()
    for folder in inputs:
        source = folder.resolve()
        if _is_within(target, source) or _is_within(source, target):
            raise CorpusError(f"{out}: refused as --out: it is, contains or lies inside {folder}, an input")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise CorpusError(f"{out}: refused as --out: it exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not is_previous(out):
        raise CorpusError(f"{out}: refused as --out: a non-empty folder that is not {previous}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftover_pid(path: Path, prefix: str) -> int | None:
    suffix = path.name.removeprefix(prefix)
    return int(suffix) if suffix.isdigit() else None


def recover(out: Path) -> None:
    """Clean what a killed build left beside ``out``: its staging folder, and its previous output, which is
    put back if ``out`` itself went missing."""
    for leftover in sorted(out.parent.glob(f".{out.name}.*-*")):
        for kind in ("building", "previous"):
            pid = _leftover_pid(leftover, f".{out.name}.{kind}-")
            if pid is None or _alive(pid):
                continue
            if kind == "previous" and not out.exists():
                leftover.rename(out)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``.<out>.lock`` beside ``out`` while the block runs; CorpusError at once if a live build holds it."""
    lock = out.parent / f".{out.name}.lock"
    for _ in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                holder = int(lock.read_text(encoding="utf-8").strip() or 0)
            except (OSError, ValueError):
                holder = 0
            if holder and _alive(holder):
                raise CorpusError(f"{out}: another build (process {holder}) is writing it ({lock})") from None
            lock.unlink(missing_ok=True)  # a killed build's lock
    else:
        raise CorpusError(f"{lock}: cannot take the build lock")
    try:
        os.write(descriptor, str(os.getpid()).encode("ascii"))
        os.close(descriptor)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``: one atomic exchange where the system has it, else two renames whose
    interruption ``recover`` undoes at the next build."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old output
        return
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
