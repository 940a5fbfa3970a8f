"""Every sentence a member, admin or operator reads comes from `bot/messages/`.

A simple AST check: outside `bot/messages/`, a string literal that reads like a sentence
(three or more words, starting with a capital or ending in punctuation) is a finding,
unless it is a docstring, a log line, a `__repr__`, model-facing text (a tool or schema
`description`, a system prompt), or an internal error that no person reads.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("bot", "handlers")
# The sandbox's seeded workspace is what its fake colleagues wrote: data, not Kaizen's words.
EXEMPT_FOLDERS = ("bot/messages", "bot/sandbox/workspace/seed.py")
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
INTERNAL_ERRORS = {
    "AssertionError",
    "KeyError",
    "NotImplementedError",
    "RuntimeError",
    "TypeError",
    "ValueError",
    "LookupError",
}
MODEL_FACING_KEYWORDS = {"description", "prompt", "system_prompt"}
PEOPLE_FACING_CALLS = {"UndoPlan"}  # an undo's description is what its Undo button says
WORD = re.compile(r"[A-Za-z][a-z']+")


def reads_like_a_sentence(text: str) -> bool:
    text = text.strip()
    words = WORD.findall(text)
    if len(words) < 3 or " " not in text:
        return False
    return bool(re.match(r"^[*_:`>•\s]*[A-Z][a-z']", text)) or text.rstrip("*_`").endswith(
        (".", "!", "?", ":", "…")
    )


def _literal_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_literal_text(part) or "x" for part in node.values)
    return ""


class SentenceFinder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.findings: list[tuple[int, str]] = []
        self._skip: set[int] = set()

    def visit_Module(self, node: ast.Module) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._skip_docstring(node)
        if node.name == "__repr__":  # for developers, never shown to a member
            self._skip_all(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr in LOG_METHODS:
            self._skip_all(node)
        if isinstance(function, ast.Attribute) and getattr(function.value, "id", "") == "re":
            self._skip_all(node)  # a pattern, not a sentence
        called = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
        for keyword in node.keywords:
            if keyword.arg in MODEL_FACING_KEYWORDS and called not in PEOPLE_FACING_CALLS:
                self._skip_all(keyword.value)
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        name = ""
        if isinstance(exc, ast.Call):
            func = exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in INTERNAL_ERRORS:
            self._skip_all(node)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in MODEL_FACING_KEYWORDS:
                self._skip_all(value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id.endswith("PROMPT"):
                self._skip_all(node.value)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        self._check(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._check(node)

    def _check(self, node: ast.AST) -> None:
        if id(node) in self._skip:
            return
        self._skip_all(node)
        text = _literal_text(node)
        if text and reads_like_a_sentence(text):
            self.findings.append((getattr(node, "lineno", 0), text[:70]))

    def _skip_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._skip.add(id(body[0].value))

    def _skip_all(self, node: ast.AST) -> None:
        for inner in ast.walk(node):
            self._skip.add(id(inner))


def sentences_outside_messages() -> list[str]:
    found: list[str] = []
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(EXEMPT_FOLDERS):
                continue
            finder = SentenceFinder()
            finder.visit(ast.parse(path.read_text(encoding="utf-8")))
            found += [f"{relative}:{line}: {text!r}" for line, text in finder.findings]
    return found


def test_the_checker_tells_sentences_from_identifiers() -> None:
    assert reads_like_a_sentence("I couldn't find that channel.")
    assert reads_like_a_sentence("Archived the channel for you")
    assert not reads_like_a_sentence("slack.archive_channel")
    assert not reads_like_a_sentence("chat.postMessage")
    assert not reads_like_a_sentence("%s failed: %s")


def test_every_sentence_lives_in_bot_messages() -> None:
    found = sentences_outside_messages()
    assert not found, "sentences outside bot/messages/:\n" + "\n".join(found)
