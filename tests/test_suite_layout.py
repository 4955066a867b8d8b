"""The tests' own layout: folders mirror the package, every test file stands alone.

Test modules are imported by their file name (no __init__.py, pytest's default import mode), so a
test file that imports another works only when both are collected; what tests share lives in
helper modules (tests/*_builder.py, readback.py, ...) and fixtures in tests/conftest.py."""

import ast
from pathlib import Path

import briefpack

TESTS = Path(__file__).resolve().parent
PACKAGE = Path(briefpack.__file__).parent
OWN_FOLDERS = {"bundled"}  # the repository's own workspace and its packs


def all_test_files():
    return sorted(TESTS.rglob("test_*.py"))


def test_no_test_module_imports_another():
    names = {path.stem for path in all_test_files()}
    found = []
    for path in all_test_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(TESTS)}:{node.lineno}: imports {m}" for m in modules
                      if m.split(".")[0] in names]
    assert not found, "move what tests share into a helper module or a fixture:\n" + "\n".join(found)


def test_test_folders_mirror_the_package():
    folders = {path.parent.relative_to(TESTS) for path in all_test_files()} - {Path(".")}
    strays = [str(f) for f in sorted(folders)
              if f.parts[0] not in OWN_FOLDERS and not (PACKAGE / f).is_dir()]
    assert not strays, f"test folders with no package of that name under src/briefpack: {strays}"


def test_test_file_names_are_unique():
    """Two test files of one name cannot both be imported by name."""
    seen: dict[str, Path] = {}
    twice = []
    for path in all_test_files():
        if path.name in seen:
            twice.append(f"{seen[path.name].relative_to(TESTS)} and {path.relative_to(TESTS)}")
        seen.setdefault(path.name, path)
    assert not twice, twice
