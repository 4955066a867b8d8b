"""The layout of the package: imports run one way, and nothing is too big."""

import ast
from pathlib import Path

import briefpack

PACKAGE = Path(briefpack.__file__).parent

# Top to bottom: a package imports only from the layers below its own.
LAYERS = [
    {"__main__"},
    {"command"},  # the entry point: Ctrl-C answered while the rest loads
    {"cli"},
    {"commands"},
    {"reporting"},
    {"pipeline", "intake"},
    {"interchange"},  # a document edition for other tools (STIX): the pipeline publishes it
    {"compose"},
    {"notes"},
    {"briefs"},
    {"writers"},
    {"document", "library"},
    {"conventions", "workspace", "cache_files", "collector"},
    {"errors"},
    {"terminal", "__init__"},
]
LAYER = {name: depth for depth, names in enumerate(LAYERS) for name in names}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, path.relative_to(PACKAGE).with_suffix("").parts


def imported(path: Path, parts: tuple[str, ...]):
    """(line, imported top-level part of briefpack) of every import in the file."""
    package = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "briefpack":
                target = node.module.split(".")[1:]
            else:
                continue
            if not target:  # from . import x / from briefpack import x
                target = [node.names[0].name]
            yield node.lineno, target[0]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "briefpack" and "." in alias.name:
                    yield node.lineno, alias.name.split(".")[1]


def test_every_top_level_part_has_a_layer():
    parts = {p[0] for _, p in modules()}
    assert parts <= set(LAYER), f"give {sorted(parts - set(LAYER))} a layer in LAYERS"


def test_imports_run_one_way():
    wrong = []
    for path, parts in modules():
        own = parts[0]
        for line, target in imported(path, parts):
            if target == own or target == "__version__":
                continue
            if LAYER.get(target, len(LAYERS)) <= LAYER[own]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target}")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(wrong)


def test_no_module_over_400_lines():
    long = [f"{path.relative_to(PACKAGE)}: {n} lines" for path, _ in modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, long


def test_no_function_over_60_lines():
    long = []
    for path, _ in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > 60:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.name} ({lines} lines)")
    assert not long, long


def test_every_import_in_the_package_resolves():
    """Imports inside functions too (they run only on some paths)."""
    import importlib

    missing = []
    for path, parts in modules():
        package = parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.level or node.module.startswith("briefpack")):
                continue
            base = ["briefpack", *package[: len(package) - node.level + 1]] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            module = importlib.import_module(target)
            for alias in node.names:
                if not hasattr(module, alias.name) and importlib.util.find_spec(f"{target}.{alias.name}") is None:
                    missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {target}.{alias.name}")
    assert not missing, missing


def test_no_import_circle():
    """Between modules, counting imports inside functions too."""
    graph: dict[str, set[str]] = {}
    names = {".".join(parts): path for path, parts in modules()}
    for path, parts in modules():
        package = list(parts[:-1])
        own = ".".join(parts)
        graph[own] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
                for alias in node.names:
                    for target in (".".join([*base, alias.name]), ".".join(base), ".".join([*base, "__init__"])):
                        if target in names and target != own:
                            graph[own].add(target)
                            break
    seen, stack, circles = set(), [], []

    def visit(module):
        if module in stack:
            circles.append(" -> ".join(stack[stack.index(module):] + [module]))
            return
        if module in seen:
            return
        seen.add(module)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            visit(target)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    assert not circles, circles



def imported_modules(source: str, parts: tuple[str, ...]):
    """(line, dotted module or name under briefpack) of every import in ``source``, the
    text of the module ``parts``; imports inside functions too."""
    package = list(parts[:-1])
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "briefpack":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # from ..pdf import style: the module pdf.style
                yield node.lineno, ".".join([*target, alias.name])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "briefpack" and "." in alias.name:
                    yield node.lineno, alias.name.split(".", 1)[1]


DISPATCH = {("writers", "__init__"), ("writers", "registry")}  # from a format to its writer
WRITER_PACKAGES = {p.name for p in (PACKAGE / "writers").iterdir() if (p / "__init__.py").is_file()} - {"charts"}


def writer_rule_breaches(source: str, parts: tuple[str, ...]) -> list[str]:
    """What the module ``parts`` of ``writers/`` imports that a writer may not: another
    writer's package (the charts may import none), or the library."""
    own = parts[1] if len(parts) > 2 else None  # its writer package; None for writers/*.py
    wrong = []
    for line, target in sorted(imported_modules(source, parts)):
        pieces = target.split(".")
        if pieces[0] == "library":
            wrong.append(f"{line}: the library ({target})")
        elif pieces[0] == "writers" and len(pieces) > 2 and pieces[1] in WRITER_PACKAGES and pieces[1] != own:
            wrong.append(f"{line}: the {pieces[1]} writer ({target})")
    return wrong


def test_writers_stand_alone():
    """A writer imports no other writer, the charts both draw import neither, and no
    writer reads the library: what writers share is in writers/ itself or writers/charts/."""
    wrong = [f"{path.relative_to(PACKAGE)}:{breach}" for path, parts in modules()
             if parts[0] == "writers" and len(parts) > 1 and parts not in DISPATCH
             for breach in writer_rule_breaches(path.read_text(encoding="utf-8"), parts)]
    assert not wrong, "imports a writer may not make:\n" + "\n".join(wrong)


def test_only_the_writers_entry_is_imported_from_outside():
    """The pipeline and the composer reach a writer through ``writers`` (its registry,
    its options, the charts both draw), never a writer's own package."""
    def a_writers_own(target: str) -> bool:
        pieces = target.split(".")
        return pieces[0] == "writers" and len(pieces) > 1 and pieces[1] in WRITER_PACKAGES

    wrong = [f"{path.relative_to(PACKAGE)}:{line}: {target}" for path, parts in modules() if parts[0] != "writers"
             for line, target in imported_modules(path.read_text(encoding="utf-8"), parts) if a_writers_own(target)]
    assert not wrong, wrong


def test_the_writers_rule_sees_every_form_of_import():
    source = ("from ..pdf.style import x\nfrom ..pdf import fonts\n"
              "def f():\n    from ...library.load import y\n"
              "import briefpack.writers.pdf.figure\nfrom ..charts.draw import z\nfrom . import png\n")
    assert writer_rule_breaches(source, ("writers", "docx", "figure")) == [
        "1: the pdf writer (writers.pdf.style.x)", "2: the pdf writer (writers.pdf.fonts)",
        "4: the library (library.load.y)", "5: the pdf writer (writers.pdf.figure)"]
    assert writer_rule_breaches(source.replace("..pdf", "..docx"), ("writers", "charts", "draw"))[:2] == [
        "1: the docx writer (writers.docx.style.x)", "2: the docx writer (writers.docx.fonts)"]
    assert writer_rule_breaches(source, ("writers", "pdf", "figure")) == ["4: the library (library.load.y)"]
