"""The repository stands alone: someone who clones it has only what is in it.

No file may send a reader (or a test) to material kept beside the repository, the design page
names the packages that exist and says where things go, and the documentation's links between
its own files resolve.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Built up so that this file does not contain what it looks for.
OUTSIDE = "shared"
NEEDLES = (
    "..".join(["", "/" + OUTSIDE]),  # the folder beside the repository
    f"{OUTSIDE}/oracles",
    f"{OUTSIDE}/{'DESIGN'}.md",
    f"{OUTSIDE}/{'CONTRACT'}.md",
)
# Never ours to check when walking without git: environments, caches, build and run output.
SKIPPED_DIRS = {".git", ".venv", "var", "out", "build", "__pycache__", ".hypothesis"}
DOCS_WITH_LINKS = ("README.md", "CHANGELOG.md", "docs/*.md", "data/README.md")


def repository_files() -> list[Path]:
    """The files a clone holds: tracked and new files that git does not ignore (or, without
    git, every file outside environments, caches and run output)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return [
            path
            for path in REPO.rglob("*")
            if path.is_file()
            and not any(
                part in SKIPPED_DIRS or part.endswith((".egg-info", "_cache"))
                for part in path.relative_to(REPO).parts
            )
        ]
    names = sorted({name for name in listed.decode().split("\0") if name})
    # A file moved or deleted in the working tree but not yet in the index is not there.
    return [REPO / name for name in names if (REPO / name).is_file()]


def outside_references(path: Path) -> list[str]:
    """'file:line: needle' for every reference in ``path`` to material outside the repository."""
    data = path.read_bytes()
    if not any(needle.encode() in data for needle in NEEDLES):
        return []
    text = data.decode("utf-8", errors="replace")
    where = path.relative_to(REPO)
    return [
        f"{where}:{number}: {needle}"
        for number, line in enumerate(text.splitlines(), start=1)
        for needle in NEEDLES
        if needle in line
    ]


def test_the_needles_are_what_they_should_be() -> None:
    # This file must not trip its own check, so the needles are built; make sure they are right.
    assert [n.split("/")[-1] for n in NEEDLES] == [OUTSIDE, "oracles", "DESIGN.md", "CONTRACT.md"]
    assert NEEDLES[0] == "." + "./" + "shared"
    assert outside_references(Path(__file__)) == []


def test_there_are_files_to_check() -> None:
    names = {path.relative_to(REPO).as_posix() for path in repository_files()}
    assert {"README.md", "CHANGELOG.md", "docs/design.md", "docs/reference.md"} <= names


def test_no_file_refers_to_material_outside_the_repository() -> None:
    found = [hit for path in repository_files() for hit in outside_references(path)]
    assert not found, (
        "these files refer to material outside the repository (use docs/design.md, "
        "docs/reference.md or tests/addrgen/data/olc/ instead):\n" + "\n".join(found)
    )


def _design() -> str:
    return (REPO / "docs" / "design.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("section", ["Layers", "Where to add things"])
def test_the_design_page_has_the_section(section: str) -> None:
    headings = re.findall(r"^#{2,3} (.+?)\s*$", _design(), re.MULTILINE)
    assert section in headings, f"docs/design.md has no section {section!r}: {headings}"


def layout_top_level(design: str) -> list[str]:
    """The top-level folders named by the layout block of the design page (the fenced block that
    lists ``addrgen/`` at the start of a line)."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", design, re.MULTILINE | re.DOTALL)
    layouts = [b for b in blocks if re.search(r"^addrgen/\s", b, re.MULTILINE)]
    assert len(layouts) == 1, "docs/design.md should have one layout block starting at addrgen/"
    return re.findall(r"^([A-Za-z0-9_.-]+)/(?:\s|$)", layouts[0], re.MULTILINE)


def test_every_top_level_folder_of_the_layout_exists() -> None:
    named = layout_top_level(_design())
    assert {"addrgen", "gis", "plates", "api"} <= set(named), named
    missing = [name for name in named if not (REPO / name).is_dir()]
    assert not missing, f"docs/design.md's layout names folders that do not exist: {missing}"


def test_the_code_packages_of_the_layout_are_packages() -> None:
    for name in ("addrgen", "gis", "plates", "api"):
        assert (REPO / name / "__init__.py").is_file(), f"{name}/ is not a package"


def _doc_files() -> list[Path]:
    return sorted({path for pattern in DOCS_WITH_LINKS for path in REPO.glob(pattern)})


def test_links_between_the_documentation_files_resolve() -> None:
    broken = []
    for doc in _doc_files():
        text = doc.read_text(encoding="utf-8")
        # Outside fenced code; relative links only (no scheme, no mail, no bare anchors).
        prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            file_part = target.split("#", 1)[0]
            if not (doc.parent / file_part).exists():
                broken.append(f"{doc.relative_to(REPO)}: {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)
