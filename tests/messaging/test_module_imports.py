"""The messaging app's modules import each other one way (no circle, counting imports inside
functions too), and neither they nor their tests import a `_private` name from another module."""

import ast
from pathlib import Path

import fixloop.messaging

PACKAGE = "fixloop.messaging"
ROOT = Path(fixloop.messaging.__file__).parent
TESTS = Path(__file__).parent


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.relative_to(ROOT).parts:
            continue
        parts = [PACKAGE, *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, str]]:
    """(module, imported name or "") for every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found += [(base, alias.name) for alias in node.names]
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        edges[name] = set()
        for module, imported in imports(name, path):
            target = f"{module}.{imported}" if f"{module}.{imported}" in known else module
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges[name].add(target)
    return edges


def cycle_from(start: str, edges: dict[str, set[str]]) -> list[str]:
    path, seen = [start], set()

    def walk(node: str) -> list[str]:
        for following in sorted(edges[node]):
            if following == start:
                return [*path, start]
            if following not in seen:
                seen.add(following)
                path.append(following)
                if found := walk(following):
                    return found
                path.pop()
        return []

    return walk(start)


def test_no_import_circle_between_messaging_modules():
    edges = graph()
    cycles = [cycle for name in sorted(edges) if (cycle := cycle_from(name, edges))]
    assert cycles == []


def test_no_private_name_is_imported_from_another_module():
    checked = {**modules(), **{f"tests.messaging.{path.stem}": path for path in TESTS.glob("*.py")}}
    private = [
        f"{name}: {module}.{imported}"
        for name, path in checked.items()
        for module, imported in imports(name, path)
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert private == []
