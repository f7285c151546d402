"""Where the test suite's files are, so no test counts parent folders."""

from pathlib import Path

#: The repository's root folder.
REPO = Path(__file__).resolve().parents[2]
#: The tests/ folder.
TESTS = REPO / "tests"
#: Routine files made for tests (``short-routine.toml``, ``library/``...).
FIXTURES = TESTS / "fixtures"
#: ALSA configurations for the audio tests (a capture file, no card).
ALSA = FIXTURES / "alsa"
#: A script that writes to a history from a separate process.
HISTORY_WRITER = TESTS / "support" / "history_writer.py"
#: Medplum's FHIR router in memory, run by Node (``npm ci`` there first; .ci/run does).
FHIR_ENGINE = TESTS / "support" / "medplum"
