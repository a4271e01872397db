"""The import rules between Sifa's apps (docs/architecture.md), checked on grimp's import graph.

* Shared apps form layers, core at the bottom: an app imports only apps below it
  (`SHARED_ORDER`); upward calls go through registries (stats, core.todos, core.search, …).
* A business line (every app under sifa/ that is not shared) imports another line only through
  its front doors: `selectors`, `actions` and `constants`.
* No import cycle between apps, nor between the modules of one app.
* A shared app's plug-in modules (`PLUGIN_MODULES`: its line.py, indicators, report forms, demo
  data) register the app's own figures into the registries above it, the way a line does. The
  registries load them by name and nothing else imports them, so they sit at the lines' level:
  they may import any shared app, and only another plug-in module may import them.

Imports inside functions count as much as those at the top of a module: a lazy import is still a
dependency. Tests and migrations are left out; tests may use other lines' factories.
"""

from __future__ import annotations

from dataclasses import dataclass

# Lowest first: a shared app imports only the apps before it. Lines sit above all of them.
SHARED_ORDER: tuple[str, ...] = (
    "core",  # the kit: base models, calendar, codes, forms, excel, docx, views, registries
    "orgs",  # the office tree, roles and THE access module
    "audit",  # change history and the sensitive-read log
    "accounts",  # users, login, 2FA
    "people",  # the person registry shared by every line
    "stats",  # the indicator registry
    "reports",  # report forms, submissions, dashboard, summary
    "api",  # the data-sharing API framework
    "shell",  # the page around every line: workbench, search, menu; reads every registry
)
FRONT_DOORS = ("selectors", "actions", "constants")
PLUGIN_MODULES = ("line", "indicators", "report_forms", "demo")


@dataclass(frozen=True, order=True)
class Violation:
    rule: str
    importer: str
    imported: str

    def __str__(self):
        return f"{self.rule}: {self.importer} → {self.imported}"


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def is_checked(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "sifa" and len(parts) > 1 and not {"tests", "migrations"} & set(parts)


def in_plugin_room(module: str) -> bool:
    """A plug-in module, or one of its parts (`demo_discipline`, `indicators_advisers`: a line's
    demo data or figures split by subject)."""
    parts = module.split(".")
    if len(parts) <= 2:
        return False
    return any(parts[2] == name or parts[2].startswith(f"{name}_") for name in PLUGIN_MODULES)


def is_plugin(module: str) -> bool:
    """A plug-in module of a shared app. A line's plug-ins are at the lines' level anyway, and
    core's modules of these names are the registries that load the others (core.demo)."""
    return in_plugin_room(module) and bool(shared_rank(app_of(module)))


def node_of(module: str) -> str:
    """The app a module counts in for the layers: a shared app's plug-ins form a node of their own
    at the lines' level (`orgs+plugins`)."""
    return f"{app_of(module)}+plugins" if is_plugin(module) else app_of(module)


def shared_rank(app: str) -> int | None:
    return SHARED_ORDER.index(app) if app in SHARED_ORDER else None


def imports(graph) -> list[tuple[str, str]]:
    """(importer, imported) pairs between checked modules of the sifa package."""
    pairs = []
    for importer in graph.modules:
        if not is_checked(importer):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if is_checked(imported):
                pairs.append((importer, imported))
    return pairs


def through_front_door(imported: str) -> bool:
    parts = imported.split(".")
    return len(parts) >= 3 and parts[2] in FRONT_DOORS


def layer_violations(pairs) -> list[Violation]:
    found = []
    for importer, imported in pairs:
        if is_plugin(imported) and not in_plugin_room(importer):
            found.append(Violation("import of a plug-in module", importer, imported))
            continue
        source, target = app_of(importer), app_of(imported)
        if source == target:
            continue
        # A shared app's plug-in stands where a line stands: above every shared app.
        source_rank = None if is_plugin(importer) else shared_rank(source)
        target_rank = shared_rank(target)
        if source_rank is None and target_rank is None:
            if not through_front_door(imported):
                found.append(Violation("cross-line import", importer, imported))
        elif source_rank is not None and target_rank is None:
            found.append(Violation("shared app imports a line", importer, imported))
        elif source_rank is not None and target_rank is not None and target_rank > source_rank:
            found.append(Violation("upward import between shared apps", importer, imported))
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return sorted(found)


def app_cycles(pairs) -> list[list[str]]:
    edges: dict[str, set[str]] = {}
    for importer, imported in pairs:
        if node_of(importer) != node_of(imported):
            edges.setdefault(node_of(importer), set()).add(node_of(imported))
    return cycles(edges)


def module_cycles(pairs) -> list[list[str]]:
    """Cycles among the modules of one app (a package's __init__ importing its own modules is
    how a package exposes them, not a cycle)."""
    edges: dict[str, set[str]] = {}
    for importer, imported in pairs:
        if app_of(importer) == app_of(imported) and not imported.startswith(importer + "."):
            edges.setdefault(importer, set()).add(imported)
    return cycles(edges)


def build_graph():
    import grimp

    return grimp.build_graph("sifa", cache_dir=None)
