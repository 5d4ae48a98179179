"""The architecture's dependency rules (docs/architecture.md), checked on the source.

- No module imports a private name (`_name`) from another module: what is shared is public.
- Domain apps import neither the web apps, nor messaging, nor django.urls: the web layer builds the
  paths of customer links, and domain apps announce what happened with signals.
- No import circle between the modules of an app, except through an import whose line says why with
  a comment starting "# import circle:" (a task that runs a service, and the service that enqueues it).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fixloop"
DOMAIN_APPS = ["shop", "customers", "repairs", "estimates", "bookings", "inspections", "invoicing"]
WEB_APPS = ["portal", "backoffice", "api"]


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(imported module, imported names, line) for every import in the file, relative ones resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            yield target, [alias.name for alias in node.names], node.lineno


def test_no_module_imports_a_private_name_from_another():
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name} from {target}"
        for path in modules()
        for target, names, line in imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert offences == []


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_imports_no_web_app_messaging_or_url_reversing(app):
    forbidden = [f"fixloop.{web}" for web in [*WEB_APPS, "messaging"]]
    offences = []
    for path in (PACKAGE / app).rglob("*.py") if (PACKAGE / app).exists() else []:
        if "migrations" in path.parts:
            continue
        for target, names, line in imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if any(target == name or target.startswith(f"{name}.") for name in forbidden):
                offences.append(f"{where} imports {target}")
            if target == "django.urls" or (target == "django" and "urls" in names):
                offences.append(f"{where} imports {target} {names}")
    assert offences == []


def is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or path.is_dir()


def app_graph(app: str) -> dict[str, set[str]]:
    """{module: the modules of the same app it imports}."""
    prefix = f"fixloop.{app}"
    graph: dict[str, set[str]] = {}
    for path in (PACKAGE / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = module_name(path)
        edges = graph.setdefault(source, set())
        lines = path.read_text().splitlines()
        for target, names, line in imports(path):
            if "# import circle:" in lines[line - 1]:
                continue
            for candidate in [target, *(f"{target}.{name}" for name in names)]:
                if candidate.startswith(prefix) and is_module(candidate):
                    edges.add(candidate)
        edges.discard(source)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each once (Tarjan's strongly connected components of two or more)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# A package's __init__ that re-exports its modules' public names imports them, and they may import
# helpers from the package: that is the package's interface, not a circle between features.
def without_package_interfaces(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages = {node for node in graph if (PACKAGE.parent / node.replace(".", "/")).is_dir()}
    return {
        node: {target for target in targets if target not in packages}
        for node, targets in graph.items()
        if node not in packages
    }


@pytest.mark.parametrize(
    "app", sorted(path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists())
)
def test_no_import_circle_between_the_modules_of_an_app(app):
    assert cycles(without_package_interfaces(app_graph(app))) == []
