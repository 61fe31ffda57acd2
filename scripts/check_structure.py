#!/usr/bin/env python3
"""Checks the layering that docs/architecture.md states, over the `crate::` paths in the source.

Each layer of the `app` crate may name only the layers below it (and itself); a page may not
name a sibling page; the server's `web` module may not name the command line that builds its
configuration. Every Rust source file opens with a `//!` doc. Exits 1 with one line per breach.

Usage: scripts/check_structure.py [ROOT]   (ROOT defaults to the repository root)
"""

import re
import sys
from pathlib import Path

# What each top-level part of `app/src` may name through `crate::`. A part always may name
# itself; `lib.rs` and `app.rs` sit on top and may name anything.
ALLOWED = {
    "error": set(),
    "domain": set(),
    "model": {"domain", "error"},
    "ssr": {"domain", "model", "error"},
    "api": {"ssr", "domain", "model", "error"},
    "providers": {"api", "model", "error"},
    "components": {"api", "domain", "model", "error", "providers"},
    "pages": {"api", "domain", "model", "error", "providers", "components"},
}

# `crate::a::b` (also inside `use crate::{a, b::c}` groups, which are split below).
CRATE_PATH = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)(?:::([a-z_][a-z0-9_]*))?")
USE_GROUP = re.compile(r"\buse\s+crate::\{([^;]*)\};", re.S)


def crate_paths(text: str):
    """Every (first, second) segment pair named through `crate::`, with its line number."""
    for match in CRATE_PATH.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, match.group(1), match.group(2)
    for group in USE_GROUP.finditer(text):
        line = text.count("\n", 0, group.start()) + 1
        for item in re.finditer(r"(?:^|[,{\s])([a-z_][a-z0-9_]*)(?:::([a-z_][a-z0-9_]*))?",
                                group.group(1)):
            yield line, item.group(1), item.group(2)


def strip_comments(text: str) -> str:
    """The text without `//` comments (doc comments name paths in prose and links)."""
    return re.sub(r"//[^\n]*", "", text)


def check_app(src: Path, problems: list):
    page_modules = {p.stem for p in (src / "pages").iterdir() if p.name != "mod.rs"}
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src)
        layer = rel.parts[0].removesuffix(".rs")
        if layer in ("lib", "app") or layer not in ALLOWED:
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        own_page = rel.parts[1].removesuffix(".rs") if layer == "pages" and len(rel.parts) > 1 else None
        for line, first, second in crate_paths(text):
            if first == layer:
                if layer == "pages" and second in page_modules and second != own_page:
                    problems.append(f"app/src/{rel}:{line}: a page names the sibling page "
                                    f"`pages::{second}`; move what they share to components/")
                continue
            if first not in ALLOWED and first not in ("app", "lib"):
                continue  # a macro or a name re-exported at the crate root
            if first not in ALLOWED[layer]:
                problems.append(f"app/src/{rel}:{line}: `{layer}` names `crate::{first}`, "
                                f"which is not below it (docs/architecture.md)")


def check_server(src: Path, problems: list):
    for path in sorted(src.glob("*.rs")):
        if path.stem in ("main", "cli"):
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        for line, first, _ in crate_paths(text):
            if first == "cli":
                problems.append(f"server/src/{path.name}:{line}: only main.rs runs the command "
                                "line; take a configuration struct instead of `crate::cli`")


def check_docs(root: Path, problems: list):
    for crate in ("app", "server"):
        for path in sorted((root / crate / "src").rglob("*.rs")):
            first = next((l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()), "")
            if not first.startswith("//!"):
                problems.append(f"{path.relative_to(root)}:1: opens without a `//!` doc "
                                "saying what the module is for")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    problems: list = []
    check_app(root / "app" / "src", problems)
    check_server(root / "server" / "src", problems)
    check_docs(root, problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_structure: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_structure: layers, sibling pages and module docs are as docs/architecture.md says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
