"""Medplum's FHIR router with its in-memory repository, run by Node, for the FHIR tests.

``tests/support/medplum/fhir_engine.mjs`` either loads a bundle (``load``) or
serves FHIR over HTTP on 127.0.0.1 (``serve``).  :func:`node_or_skip` finds
Node and the npm packages; where either is missing a developer's run skips
with the reason, while CI (``CI`` set) fails: there the engine must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import FHIR_ENGINE

SCRIPT = FHIR_ENGINE / "fhir_engine.mjs"
_PACKAGES = ("core", "definitions", "fhir-router")


def node_or_skip() -> str:
    """The ``node`` program, with Medplum's packages installed beside the script."""
    node = shutil.which("node")
    missing = [p for p in _PACKAGES if not (FHIR_ENGINE / "node_modules" / "@medplum" / p).is_dir()]
    if node is not None and not missing:
        return node
    reason = (
        "Node is not installed"
        if node is None
        else f"run `npm ci` in {FHIR_ENGINE} (missing @medplum/{', @medplum/'.join(missing)})"
    )
    if os.environ.get("CI"):
        pytest.fail(f"the FHIR engine must run in CI: {reason}")
    pytest.skip(f"no FHIR engine: {reason}")


def load_twice(bundle: dict[str, Any], tmp_path: Path, times: int = 2) -> dict[str, Any]:
    """Post ``bundle`` ``times`` times to a fresh engine; its responses and what it holds."""
    node = node_or_skip()
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = subprocess.run(
        [node, str(SCRIPT), "load", str(path), str(times)],
        capture_output=True,
        text=True,
        cwd=FHIR_ENGINE,
        timeout=120,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stdout)
    return found


@contextmanager
def serving() -> Iterator[str]:
    """A FHIR server on 127.0.0.1 for the block: its base URL (``http://127.0.0.1:PORT``)."""
    node = node_or_skip()
    process = subprocess.Popen(
        [node, str(SCRIPT), "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=FHIR_ENGINE,
    )
    try:
        assert process.stdout is not None
        port = json.loads(process.stdout.readline())["port"]
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()  # the server stops when its input closes
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
