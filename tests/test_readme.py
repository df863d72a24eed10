"""The README cannot rot: its opening commands, Python examples, toolkit commands and links are checked."""

import json
import re
import shlex
import subprocess
import sys

import pytest

from danvan.resources import NER_EVALUATION, NER_SCORES, data_file
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)
TOOLKIT_LINES = [
    line.split("#")[0].strip()
    for language, body in BLOCKS
    if language == "sh"
    for line in body.splitlines()
    if re.match(r"\.venv/bin/python scripts/(collocations|concordance|term_frequencies)\.py", line)
]
DANVAN_LINES = [
    line.split("  #")[0].strip()
    for language, body in BLOCKS
    if language == "sh"
    for line in body.splitlines()
    if re.match(r"(echo .*\| )?\.venv/bin/danvan ", line)
]


CONSOLE = [body for language, body in BLOCKS if language == "console"]


def danvan_run(line: str) -> subprocess.CompletedProcess[str]:
    """A README line ``[echo "TEXT" | ].venv/bin/danvan ARGS`` run as ``python -m danvan ARGS`` in the checkout."""
    stdin, _, command = line.rpartition("| ")
    argv = shlex.split(command)
    text = shlex.split(stdin)[1] + "\n" if stdin else None
    return subprocess.run([sys.executable, "-m", "danvan", *argv[1:]], input=text, capture_output=True, text=True,
                          cwd=ROOT)  # fmt: skip


def test_readme_opens_with_the_two_commands() -> None:
    language, body = BLOCKS[0]
    assert language == "sh" and re.findall(r"^make (\w+)", body, flags=re.MULTILINE) == ["corpus", "test"]


@pytest.mark.parametrize("code", [body for language, body in BLOCKS if language == "python"])
def test_python_examples_run(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("line", TOOLKIT_LINES)
def test_toolkit_commands_run(line: str) -> None:
    argv = shlex.split(line)
    result = subprocess.run([sys.executable, *argv[1:]], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()


@pytest.mark.parametrize("line", DANVAN_LINES)
def test_danvan_commands_run(line: str) -> None:
    result = danvan_run(line)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()


@pytest.mark.parametrize("block", CONSOLE, ids=[b.split("\n", 1)[0][:60] for b in CONSOLE])
def test_the_output_the_readme_shows_is_the_commands_output(block: str) -> None:
    command, _, shown = block.partition("\n")
    assert command.startswith("$ .venv/bin/danvan ") or " | .venv/bin/danvan " in command, command
    result = danvan_run(command.removeprefix("$ "))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.rstrip() == shown.rstrip(), "README output is stale: regenerate it from the command"


def test_the_readme_shows_every_statistics_command_with_its_output() -> None:
    shown = {shlex.split(block.split("\n", 1)[0].removeprefix("$ ").split("| ")[-1])[1] for block in CONSOLE}
    assert shown >= {"annotate", "freq", "ngrams", "collocations", "keywords", "sketch", "concordance"}


def test_toolkit_examples_include_the_signature_collocation() -> None:
    assert TOOLKIT_LINES, "the README shows no toolkit command"
    signature = next(line for line in TOOLKIT_LINES if "--window 1" in line)
    result = subprocess.run([sys.executable, *shlex.split(signature)[1:]], capture_output=True, text=True, cwd=ROOT)
    assert "khéo" in [line.split()[0] for line in result.stdout.splitlines()[1:]]


def test_relative_links_exist() -> None:
    for target in re.findall(r"\]\(([^)#:]+)\)", README):
        assert (ROOT / target).exists(), target


def test_the_readme_ner_figures_are_the_shipped_evaluation_files() -> None:
    """The NER table and the test-split figure come from ner-crf.cv.json and ner-crf.scores.json."""
    cv = json.loads(data_file(NER_EVALUATION).read_text(encoding="utf-8"))
    for system in ("model", "underthesea"):
        scores = cv[system]
        per_type = " | ".join(f"{scores['per_type'][t]['f1-score']:.3f}" for t in ("PER", "ORG", "LOC", "MISC"))
        row = f"| {scores['micro_precision']:.3f} | {scores['micro_recall']:.3f} | "
        assert re.search(
            re.escape(row) + r"(\*\*)?" + f"{scores['micro_f1']:.3f}" + r"(\*\*)? \| " + re.escape(per_type), README
        )
    test = json.loads(data_file(NER_SCORES).read_text(encoding="utf-8"))["test"]["micro_f1"]
    assert f"the shipped model scores {test:.3f}" in README
