"""The core stays pure: only corpus (reading), cli (writing) and spill (the scan's temporary
file) touch files, stdout or click."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dedup"
EDGE_MODULES = {
    "__init__",
    "cli",
    "corpus",
    "progress",
    "__main__",
    "_decode",
    "_records",
    "_metadata",
    "_csv",
    "files",  # reads the files of a scan as it goes
    "spill",  # the scan's temporary file of texts and lines: storage, not the algorithm
}
FORBIDDEN_IMPORTS = {"dedup.cli", "dedup.corpus", "click", "os", "pathlib", "shutil", "sys"}
FORBIDDEN_CALLS = {"open", "print", "input"}


def _core_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.stem not in EDGE_MODULES)


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: p.stem)
def test_core_module_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"
            continue
        else:
            continue
        for name in names:
            assert name not in FORBIDDEN_IMPORTS, f"{path.name}:{node.lineno} imports {name}"
