"""The README stays short, and every link and repository path in README.md and docs/*.md resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README_LIMIT = 12_000
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INDENTED = re.compile(r"(?:^(?: {4}|\t).*\n?)+", re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
REPO_PATH = re.compile(r"`((?:annotator|tests|bench|schemas|corpus|seeds|docs|\.ci)/[^`\s]*)`")


def _prose(markdown: str) -> str:
    """The markdown without fenced or indented code blocks, where links and headings are not real."""
    return INDENTED.sub("", FENCE.sub("", markdown))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a page, with GitHub's -1, -2 suffixes for repeated headings."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(_prose(page.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    """Each relative link of a page whose file, or whose #anchor in that file, does not exist."""
    text = INLINE_CODE.sub("", _prose(page.read_text(encoding="utf-8")))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        path_part, _, anchor = target.partition("#")
        linked = (page.parent / path_part).resolve() if path_part else page
        if not linked.exists():
            broken.append(f"{page.name}: {target} (no file {linked})")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{page.name}: {target} (no heading #{anchor} in {linked.name})")
    return broken


def missing_repo_paths(page: Path) -> list[str]:
    """Each `annotator/...`-style path quoted in a page that names nothing in the repository."""
    missing = []
    for quoted in REPO_PATH.findall(page.read_text(encoding="utf-8")):
        if "<" in quoted:
            continue
        path = quoted.rstrip("/")
        if not (any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()):
            missing.append(f"{page.name}: {quoted}")
    return missing


def test_docs_readme_is_under_12000_characters():
    """The README is for users: anything longer belongs in docs/."""
    length = len((ROOT / "README.md").read_text(encoding="utf-8"))
    assert length < README_LIMIT, f"README.md has {length} characters; move detail to docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_docs_every_relative_link_and_anchor_resolves(page):
    """A link to a file of the repository, or to a heading, reaches it."""
    assert broken_links(page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_docs_every_quoted_repository_path_exists(page):
    """Paths the docs name (`annotator/tui/memory.py`) follow the layout as it is."""
    assert missing_repo_paths(page) == []


def test_docs_the_checks_catch_a_missing_file_a_missing_heading_and_a_stale_path(tmp_path):
    """The link and path checks report what is wrong, and skip code, URLs and good links."""
    (tmp_path / "other.md").write_text("# Other page\n\n## Keys and `Q` links\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n"
        "[ok](other.md#keys-and-q-links) [self](#title) [web](https://example.org/x)\n"
        "[gone](missing.md) [bad anchor](other.md#nowhere) [bad self](#untitled)\n"
        "`[code](not-a-link.md)` and `annotator/no_such_module.py`\n\n"
        "```\n[fenced](also-not-a-link.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        f"page.md: missing.md (no file {tmp_path / 'missing.md'})",
        "page.md: other.md#nowhere (no heading #nowhere in other.md)",
        "page.md: #untitled (no heading #untitled in page.md)",
    ]
    assert missing_repo_paths(page) == ["page.md: annotator/no_such_module.py"]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Where the code departs from DESIGN.md", "where-the-code-departs-from-designmd"),
        (
            "Working as a team: agreement, review, statistics",
            "working-as-a-team-agreement-review-statistics",
        ),
        (
            "jsonl, text, brat, Label Studio, doccano, Prodigy",
            "jsonl-text-brat-label-studio-doccano-prodigy",
        ),
        ("Keys", "keys"),
    ],
)
def test_docs_slug_matches_github_anchors(heading, anchor):
    """Anchors are made as GitHub makes them, so a link that passes here works there."""
    assert slug(heading) == anchor
