"""dvc.yaml must list, for every stage, each project module its command imports: a stage whose
code changed but is not a dependency would be skipped by `dvc repro` and publish stale data."""
import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "schemas")


def module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def imported_files(path: Path) -> set[Path]:
    """Project files `path` imports, directly or not (imports inside functions count)."""
    seen: set[Path] = set()
    todo = [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for node in ast.walk(ast.parse(current.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".")[0] in PACKAGES:
                    found = module_file(name)
                    if found is not None:
                        todo.append(found)
    return seen


def covered(file: Path, deps: list[str]) -> bool:
    rel = file.relative_to(ROOT)
    return any(rel == Path(d) or Path(d) in rel.parents for d in deps)


def stage_modules() -> list[tuple[str, Path, list[str]]]:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    out = []
    for name, stage in stages.items():
        for module in re.findall(r"python -m ([\w.]+)", stage["cmd"]):
            out.append((name, module_file(module), [str(d) for d in stage.get("deps", [])]))
    return out


def test_every_stage_command_runs_a_project_module():
    modules = stage_modules()
    assert modules and all(path is not None for _, path, _ in modules)


def test_every_imported_project_module_is_a_stage_dependency():
    missing = {}
    for stage, path, deps in stage_modules():
        for file in sorted(imported_files(path)):
            if not covered(file, deps):
                missing.setdefault(stage, []).append(str(file.relative_to(ROOT)))
    assert missing == {}, f"add these to the stages' deps in dvc.yaml: {missing}"


def test_transitive_imports_are_followed():
    files = {f.relative_to(ROOT).as_posix() for f in imported_files(ROOT / "pipeline/extract.py")}
    assert {"pipeline/nlp.py", "schemas/tables.py", "pipeline/extractors/claims.py"} <= files
