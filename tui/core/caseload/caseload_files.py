"""The files ``supple clinic import`` reads: patients' JSON backups and FHIR transaction Bundles.

Each file is one patient.  A FHIR Bundle names its patient (the Patient's
identifier); a JSON backup carries no identity, so its patient is the file's
name without ``.json`` (``A-1042.json`` is patient ``A-1042``).  A folder
stands for the ``.json`` files in it.  Every file is read and checked before
anything is imported: one bad file rejects the import, and the error names
each bad file and what is wrong with it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tui.core.caseload.bundle_reading import read_bundle
from tui.core.caseload.caseload_store import (
    CaseloadImport,
    CaseloadStore,
    PatientRows,
    PatientSessions,
    patient_rows,
)
from tui.core.exports.fhir_transaction import ClinicPatient
from tui.core.history.backup import HistoryImportError, read_history_entries
from tui.core.history.records import SegmentRow, SessionRow
from tui.core.session.safety import needs_safety_notice

#: The largest file read (a year of one patient is a few MB).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Files read in worker processes from this many on, by at most this many processes.
_PARALLEL_FROM, _MAX_WORKERS = 8, 4
#: Where a segment row (session id first) keeps its timeline index and its "this hurts" mark.
_SEGMENT_INDEX, _SEGMENT_HURT = 2, 12


class CaseloadImportError(ValueError):
    """Files that cannot be imported: each with its path and its problems."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def files_of(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files named, folders replaced by their ``.json`` files; and paths that are neither."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    return files, problems


def _hurt(segments: tuple[SegmentRow, ...]) -> int:
    """Parts marked "this hurts" in any outcome, each once (the history's rule)."""
    return len({s[_SEGMENT_INDEX] for s in segments if s[_SEGMENT_HURT]})


def _with_counts(
    entries: Iterable[tuple[SessionRow, tuple[SegmentRow, ...], int]],
) -> tuple[tuple[SessionRow, tuple[SegmentRow, ...], int, bool], ...]:
    return tuple(
        (row, segments, hurt, needs_safety_notice(row[9], row[10], hurt > 0))
        for row, segments, hurt in entries
    )


def read_patient_file(path: Path, known: frozenset[str] = frozenset()) -> PatientSessions | None:
    """One patient's file, or ``None`` when its bytes are among ``known`` (imported before).

    :class:`CaseloadImportError` (naming the file) if it is not usable.  A
    backup is read a session at a time (``read_history_entries``), checked as
    ``supple history import`` checks it.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CaseloadImportError([f"{path}: larger than {MAX_FILE_BYTES >> 20} MB"])
        digest, head = _digest_and_head(path)
        if digest in known:
            return None
        if b'"resourceType"' in head:
            return _read_fhir(path, path.read_bytes(), digest)
    except OSError as exc:
        raise CaseloadImportError([f"{path}: it can't be read ({exc.strerror})"]) from exc
    try:
        sessions = _with_counts(
            (row, segs, _hurt(segs)) for row, segs in read_history_entries(path)
        )
    except HistoryImportError as exc:
        raise CaseloadImportError([str(exc)]) from exc
    return PatientSessions(ClinicPatient(path.stem), path, sessions, digest)


def _digest_and_head(path: Path) -> tuple[str, bytes]:
    """The SHA-256 of the file's bytes and its first 4 KiB, read a piece at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = handle.read(4096)
        digest.update(head)
        while piece := handle.read(1024 * 1024):
            digest.update(piece)
    return digest.hexdigest(), head


def _read_fhir(path: Path, data: bytes, digest: str) -> PatientSessions:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CaseloadImportError([f"{path}: not a readable JSON file ({exc})"]) from exc
    found, problems = read_bundle(document)
    if found is None:
        raise CaseloadImportError([f"{path}: " + "; ".join(problems[:10])])
    entries = ((row, (), hurt) for row, hurt in found.sessions)
    return PatientSessions(found.patient, path, _with_counts(entries), digest)


def _read_or_problems(path: Path, known: frozenset[str]) -> PatientRows | list[str] | None:
    """:func:`read_patient_file` as rows, its problems returned rather than raised.

    What a worker process sends back: the rows are made there, in parallel.
    """
    try:
        read = read_patient_file(path, known)
    except CaseloadImportError as exc:
        return list(exc.problems)
    return None if read is None else patient_rows(read)


def _read_all(
    files: Sequence[Path], known: frozenset[str]
) -> Iterator[PatientRows | list[str] | None]:
    """Every file read and checked, in order; on two cores or more, in worker processes.

    Checking a backup is most of an import's time, and each file is checked on
    its own: a caseload of 500 patients is read about twice as fast on two
    cores.  A few files are read here, where starting processes would cost more.
    """
    workers = min(_MAX_WORKERS, os.cpu_count() or 1)
    if len(files) < _PARALLEL_FROM or workers < 2:
        yield from (_read_or_problems(path, known) for path in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_read_or_problems, files, [known] * len(files))


def import_patient_files(store: CaseloadStore, paths: Iterable[Path]) -> CaseloadImport:
    """Read, check and import every file in one transaction; one error lists every bad file.

    Each file is imported as soon as it is read; a bad file rolls the whole
    import back, and the files after it are still checked so the error names
    them all.
    """
    files, problems = files_of(paths)
    if not files and not problems:
        problems.append("no .json files in the folders given")
    with store.importing() as importer:
        for read in _read_all(files, importer.known_files()):
            if read is None:
                importer.skip_file()
            elif isinstance(read, list):
                problems.extend(read)
            elif not problems:
                importer.add_rows(read)
        if problems:
            raise CaseloadImportError(problems)  # rolls the transaction back
    return importer.result()
