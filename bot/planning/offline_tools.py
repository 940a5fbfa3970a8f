"""GitHub, Jira and Notion commands for the offline planner (SPEC §5.6).

Each parser reads one part of a request (see `bot.orchestrator.offline`, which does the
cleaning, the splitting and the assembling) and returns the calls it asks for, or None.
References are strict, so that a part is never read two ways:

- a GitHub issue or pull request is `owner/name#12` or its github.com URL (`/issues/12`,
  `/pull/12`); a repository is `owner/name`;
- a Jira issue is an upper-case key (`PROJ-7`) or its `…/browse/PROJ-7` URL; a project
  is an upper-case key (`PROJ`);
- a Notion page or database is a notion.so / notion.site URL, or an id after the word
  "page" or "database". Slack's `<url|label>` markup is unwrapped.

Free text (a comment, a title, a search) runs to the end of its part, as in Slack posts;
single values (a label, a status, an assignee) are a word or a few, or quoted, so that
"move PROJ-7 to Done and tell #general" has one reading only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from bot.planning.offline import (
    _BOTH,
    _I,
    _PROTECTED,
    MAX_READ_LIMIT,
    Parser,
    _body,
    _Call,
    _call,
    _Part,
    _splits,
    _text,
    _unquote,
    _user,
)

T = TypeVar("T")

TOOL_LABELS = {
    "github.list_issues": "list issues",
    "github.search_issues": "search GitHub",
    "github.create_issue": "create issue",
    "github.comment_issue": "comment",
    "github.add_label": "add label",
    "github.remove_label": "remove label",
    "github.close_issue": "close issue",
    "github.reopen_issue": "reopen issue",
    "github.close_pull_request": "close pull request",
    "github.reopen_pull_request": "reopen pull request",
    "github.delete_branch": "delete branch",
    "github.restore_branch": "restore branch",
    "jira.search": "search Jira",
    "jira.create_issue": "create Jira issue",
    "jira.comment": "comment",
    "jira.assign": "assign",
    "jira.transition": "transition",
    "jira.delete_issue": "delete Jira issue",
    "notion.query_database": "query database",
    "notion.create_page": "create page",
    "notion.update_page": "update page",
    "notion.archive_page": "archive page",
    "notion.restore_page": "restore page",
}


# --------------------------------------------------------------------------- helpers

_SLACK_LINK = re.compile(r"<(https?://[^<>|\s]+)(?:\|[^<>]*)?>", _I)
# Lists of references: "acme/api#1, acme/api#2 and acme/api#3".
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&|&amp;|plus)\s+", _I)
# Words that end a short value: they join parts of a request.
_JOINING_WORDS = frozenset({"and", "then", "also", "plus", "after", "afterwards"})
_ARTICLES = frozenset({"the", "a", "an"})


def _unwrap(fragment: str) -> str:
    """A URL without Slack's `<url|label>` markup and entity escapes; other text as is."""
    fragment = fragment.strip()
    match = _SLACK_LINK.fullmatch(fragment)
    if match is None:
        return fragment
    return match[1].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _outside(text: str, separator: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of `separator` that are not inside `<…>` markup or double quotes."""
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    index = 0
    for match in separator.finditer(text):
        while index < len(protected) and protected[index][1] <= match.start():
            index += 1
        if index < len(protected) and protected[index][0] < match.end():
            continue
        yield match


def _pieces(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut at every `separator` outside markup and quotes."""
    pieces, position = [], 0
    for match in _outside(text, separator):
        pieces.append(text[position : match.start()])
        position = match.end()
    pieces.append(text[position:])
    return pieces


def _many(fragment: str, one: Callable[[str], T | None]) -> list[T] | None:
    """A list like "a, b and c" where every item must be understood."""
    fragment = fragment.strip()
    both = _BOTH.match(fragment)
    if both:
        fragment = fragment[both.end() :]
    items: list[T] = []
    for piece in _pieces(fragment, _LIST_SEPARATOR):
        item = one(piece)
        if item is None:
            return None
        if item not in items:
            items.append(item)
    return items or None


def _short(fragment: str, word: str, *, words: int = 4) -> str | None:
    """A short value (a status, a name): quoted, or up to `words` words of `word`
    that do not include a word that joins parts ("and", "then")."""
    fragment = fragment.strip()
    unquoted = _unquote(fragment)
    if unquoted != fragment:
        return unquoted if unquoted and "\n" not in unquoted else None
    if not re.fullmatch(rf"{word}(?:[ \t]+{word}){{0,{words - 1}}}", fragment):
        return None
    if any(part.lower() in _JOINING_WORDS for part in fragment.split()):
        return None
    return fragment


def _limit(digits: str | None) -> dict[str, Any] | None:
    """{"limit": n} for a count the member gave, {} for none, None when out of range."""
    if digits is None:
        return {}
    limit = int(digits)
    return {"limit": limit} if 1 <= limit <= MAX_READ_LIMIT else None


def _number(value: str) -> int | float | None:
    if re.fullmatch(r"-?\d{1,15}", value):
        return int(value)
    if re.fullmatch(r"-?\d{1,15}\.\d{1,15}", value):
        return float(value)
    return None


# --------------------------------------------------------------------------- GitHub references

_OWNER = r"[A-Za-z0-9][A-Za-z0-9-]{0,38}"
_REPO_NAME = r"[A-Za-z0-9_.-]{1,100}"
_ISSUE_SHORT = re.compile(rf"({_OWNER})/({_REPO_NAME})#(\d{{1,9}})")
_ISSUE_URL = re.compile(
    rf"https?://(?:www\.)?github\.com/({_OWNER})/({_REPO_NAME})/(issues|pull)/(\d{{1,9}})"
    r"(?:[/?#][^\s<>|]*)?",
    _I,
)
_REPO_SHORT = re.compile(rf"({_OWNER})/({_REPO_NAME})")
_REPO_URL = re.compile(
    rf"https?://(?:www\.)?github\.com/({_OWNER})/({_REPO_NAME}?)(?:\.git)?/?", _I
)
_REPO_WORDS = re.compile(r"(?:the\s+)?(?:github\s+)?(?:repo(?:sitory)?\s+)?", _I)
_REPO_AFTER = re.compile(r"\s+(?:repo(?:sitory)?)$", _I)
_ISSUE_WORDS = re.compile(
    r"(?:the\s+)?(?:github\s+)?(?:(issues?|prs?|pull\s+requests?|pulls?)\s+)?", _I
)

_IssueRef = tuple[str, int, str | None]  # repo, number, "issue" / "pull" / None (not said)


def _kind_word(word: str | None) -> str | None:
    """The kind a word names: "pull" for PR / pull request, "issue" for issue."""
    if not word:
        return None
    return "issue" if word.lower().startswith("issue") else "pull"


def _conflict(said: str | None, shown: str | None) -> bool:
    """The words say "PR" and the URL says issue, or the other way round."""
    return bool(said and shown and said != shown)


def _issue_ref(fragment: str) -> _IssueRef | None:
    """`owner/name#12` or a github.com issue or pull request URL."""
    reference = _unwrap(fragment)
    match = _ISSUE_SHORT.fullmatch(reference)
    if match is not None:
        repo, number, shown = f"{match[1]}/{match[2]}", int(match[3]), None
    else:
        match = _ISSUE_URL.fullmatch(reference)
        if match is None:
            return None
        repo, number = f"{match[1]}/{match[2]}", int(match[4])
        shown = "pull" if match[3].lower() == "pull" else "issue"
    return (repo, number, shown) if number >= 1 else None


def _issue(fragment: str) -> _IssueRef | None:
    """An issue reference after optional words: "the PR acme/api#3", "issue <url>"."""
    fragment = fragment.strip()
    words = _ISSUE_WORDS.match(fragment)
    said = _kind_word(words[1]) if words else None
    reference = _issue_ref(fragment[words.end() :] if words else fragment)
    if reference is None:
        return None
    if _conflict(said, reference[2]):
        return None
    return reference[0], reference[1], said or reference[2]


def _repo(fragment: str) -> str | None:
    """`owner/name` (after "the repo" if written) or a github.com repository URL."""
    fragment = fragment.strip()
    words = _REPO_WORDS.match(fragment)
    if words:
        fragment = fragment[words.end() :]
    after = _REPO_AFTER.search(fragment)
    if after:
        fragment = fragment[: after.start()]
    reference = _unwrap(fragment)
    match = _REPO_SHORT.fullmatch(reference) or _REPO_URL.fullmatch(reference)
    if match is None or not match[2] or match[2] in {".", ".."}:
        return None
    return f"{match[1]}/{match[2]}"


_LABEL_TOKEN = re.compile(r"\w[\w.:/+'’-]{0,49}")


def _label(fragment: str) -> str | None:
    """A label: one word ("bug", "type:bug") or quoted ("good first issue")."""
    fragment = fragment.strip()
    unquoted = _unquote(fragment)
    if unquoted != fragment:
        return unquoted if unquoted and "\n" not in unquoted and len(unquoted) <= 50 else None
    return fragment if _LABEL_TOKEN.fullmatch(fragment) else None


_LABEL_NOUNS = frozenset({"label", "labels"})
_LABEL_NOUN = re.compile(r"labels?\s+", _I)
_LEADING_ARTICLE = re.compile(r"(?:the|a)\s+", _I)


def _labels_named(fragment: str) -> list[str] | None:
    """Labels with the word "label": "label bug", "the bug label", "labels bug and x"."""
    fragment = fragment.strip()
    article = _LEADING_ARTICLE.match(fragment)
    if article:
        fragment = fragment[article.end() :]
    noun_first = _LABEL_NOUN.match(fragment)
    if noun_first:
        return _many(fragment[noun_first.end() :], _label)
    head = fragment.rsplit(None, 1)
    if len(head) == 2 and head[1].lower() in _LABEL_NOUNS:
        return _many(head[0], _label)
    return None


# --------------------------------------------------------------------------- Jira references

_KEY = r"[A-Z][A-Z0-9_]{1,9}-\d{1,9}"
_JIRA_KEY = re.compile(_KEY)
_JIRA_URL = re.compile(
    rf"https?://[\w.-]+(?::\d+)?(?:/[\w.-]+)*/browse/({_KEY})(?:[/?#][^\s<>|]*)?"
)
_JIRA_WORDS = re.compile(r"(?:the\s+)?(?:jira\s+)?(?:(?:issue|ticket|bug|task|story|epic)\s+)?", _I)
_PROJECT = re.compile(r"[A-Z][A-Z0-9_]{1,9}")
_PROJECT_WORDS = re.compile(r"(?:the\s+)?(?:jira\s+)?(?:project\s+)?", _I)


def _jira_key(fragment: str) -> str | None:
    """An issue key: PROJ-7, "the Jira issue PROJ-7" or a …/browse/PROJ-7 URL (upper case)."""
    fragment = fragment.strip()
    words = _JIRA_WORDS.match(fragment)
    reference = _unwrap(fragment[words.end() :] if words else fragment)
    if _JIRA_KEY.fullmatch(reference):
        return reference
    match = _JIRA_URL.fullmatch(reference)
    return match[1] if match else None


def _project(fragment: str) -> str | None:
    """A Jira project key: "PROJ", "the PROJ project", "project PROJ"."""
    fragment = fragment.strip()
    words = _PROJECT_WORDS.match(fragment)
    if words:
        fragment = fragment[words.end() :]
    fragment = re.sub(r"\s+project$", "", fragment, flags=_I)
    return fragment if _PROJECT.fullmatch(fragment) else None


_WORD = r"[^\W\d_][\w.'’-]{0,40}"
_EMAIL = re.compile(r"[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_ME = frozenset({"me", "myself"})
_NOBODY = frozenset({"nobody", "no one", "noone", "no-one"})


def _assignee(fragment: str) -> str | None:
    """An assignee as written: me, @bob, `<@U…>`, an email or a name of up to four words."""
    fragment = fragment.strip()
    lowered = fragment.lower()
    if lowered in _ME:
        return "me"
    if lowered in _NOBODY:
        return "unassigned"
    if fragment.startswith(("@", "<@")):
        return _user(fragment)
    if _EMAIL.fullmatch(fragment):
        return fragment
    name = _short(fragment, _WORD)
    if name is None or name.split()[0].lower() in _ARTICLES:
        return None
    return name


_STATUS_WORD = r"[\w'’/.-]{1,40}"


def _status(fragment: str) -> str | None:
    """A workflow status: "Done", "In Progress", "Won't Do", or quoted."""
    status = _short(fragment, _STATUS_WORD)
    return status if status and not status.startswith(("-", ".", "/")) else None


_THEN_WORD = re.compile(r"(?<!\S)then(?!\S)", _I)
_JQL_LIKE = re.compile(
    r"[=~<>]|\bnot\s+in\b|\bin\s*\(|\bis\s+(?:not\s+)?(?:empty|null)\b|\border\s+by\b", _I
)
_JQL_CLAUSE = re.compile(rf"{_JQL_LIKE.pattern}|\b(?:was|changed)\b|^\s*(?:not\b|\()", _I)
_JQL_JOIN = re.compile(r"\s+(?:and|or)\s+", _I)


def _query(fragment: str) -> str | None:
    """A search as written. An unquoted "then" joins parts: it never ends a search."""
    if next(_outside(fragment, _THEN_WORD), None) is not None:
        return None
    return _text(fragment)


def _jql(fragment: str) -> str | None:
    """JQL as written, every clause with an operator; plain words become a text search.

    "status = Done and tell #general" is no JQL ("tell #general" has no operator), so
    such a part is read as a search followed by another command.
    """
    text = _query(fragment)
    if text is None:
        return None
    if not _JQL_LIKE.search(text):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'text ~ "{escaped}"'
    clauses = _pieces(text, _JQL_JOIN)
    return text if all(_JQL_CLAUSE.search(clause) for clause in clauses) else None


# --------------------------------------------------------------------------- Notion references

_NOTION_URL = re.compile(r"https?://(?:[\w-]+\.)*notion\.(?:so|site|com)/[^\s<>|]+", _I)
_NOTION_ID = re.compile(
    r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", _I
)
_NOTION_WORDS = re.compile(r"(?:the\s+)?(?:notion\s+)?(?:(page|database|db|data\s+source)\s+)?", _I)


def _notion(fragment: str, noun: str | None) -> str | None:
    """A Notion URL (unwrapped), or an id after the word "page" / "database".

    `noun` is what the command works on ("page", "database"); None takes either and
    also a bare id (a page's parent).
    """
    fragment = fragment.strip()
    words = _NOTION_WORDS.match(fragment)
    said = words[1].lower() if words and words[1] else None
    if said is not None and said != "page":
        said = "database"
    if noun is not None and said is not None and said != noun:
        return None
    reference = _unwrap(fragment[words.end() :] if words else fragment)
    if _NOTION_URL.fullmatch(reference):
        return reference
    if _NOTION_ID.fullmatch(reference) and (said is not None or noun is None):
        return reference
    return None


def _page(fragment: str) -> str | None:
    return _notion(fragment, "page")


def _database(fragment: str) -> str | None:
    return _notion(fragment, "database")


# --------------------------------------------------------------------------- GitHub parsers

_CLOSE = re.compile(
    r"(close|shut|re-?open)\s+(?:the\s+)?(?:github\s+)?"
    r"(?:(issues?|prs?|pull\s+requests?|pulls?)\s+)?",
    _I,
)
_CLOSE_COMMENT = re.compile(
    r"\s+(?:with\s+(?:a\s+|the\s+)?comment|commenting|saying)(?:\s*:\s*|\s+)", _I
)
_CLOSE_TOOLS = {
    ("close", "issue"): "github.close_issue",
    ("close", "pull"): "github.close_pull_request",
    ("reopen", "issue"): "github.reopen_issue",
    ("reopen", "pull"): "github.reopen_pull_request",
}


def _parse_close_or_reopen(part: _Part) -> list[_Call] | None:
    """close acme/api#12 / close PR acme/api#12 / reopen <issue URL> / close X saying Y"""
    match = _CLOSE.match(part.core)
    if match is None:
        return None
    verb = "reopen" if match[1].lower().startswith("re") else "close"
    said = _kind_word(match[2])
    references, comment = _many(part.core[match.end() :], _issue_ref), None
    if references is None and verb == "close":
        for left, right, _ in _splits(part.raw[match.end() :], _CLOSE_COMMENT):
            references, comment = _many(left, _issue_ref), _text(right)
            if references and comment:
                break
        else:
            return None
    if not references:
        return None
    calls = []
    for repo, number, shown in references:
        kind = said or shown
        if _conflict(said, shown) or (comment and kind == "pull"):
            return None
        extra = {"comment": comment} if comment else {}
        tool = _CLOSE_TOOLS[verb, kind or "issue"]
        calls.append(_call(tool, repo=repo, number=number, **extra))
    return calls


_COMMENT_ON = re.compile(
    r"(?:(?:add|leave|post|write)\s+a\s+comment|comment|reply|respond)\s+(?:on|to|under)\s+", _I
)
_COMMENT_VERB = re.compile(r"comment\s+", _I)
_COMMENT_TEXT = re.compile(r"\s*:\s+|\s+(?:saying|with|that)(?:\s*:\s*|\s+)", _I)
_ON_TARGET = re.compile(r"\s+on\s+", _I)


def _comment(target: str, body: str | None) -> list[_Call] | None:
    if not body:
        return None
    issue = _issue(target)
    if issue is not None:
        return [_call("github.comment_issue", repo=issue[0], number=issue[1], body=body)]
    key = _jira_key(target)
    return [_call("jira.comment", key=key, body=body)] if key else None


def _parse_comment(part: _Part) -> list[_Call] | None:
    """comment on acme/api#12: shipped / comment on PROJ-7 saying x / comment "x" on PROJ-7"""
    body = _body(_COMMENT_ON, part.raw)
    if body is not None:
        for left, right, _ in _splits(body, _COMMENT_TEXT):
            calls = _comment(left, _text(right))
            if calls:
                return calls
        return None
    body = _body(_COMMENT_VERB, part.core)  # the target ends the part
    if body is None:
        return None
    for left, right, _ in _splits(body, _ON_TARGET, from_end=True):
        calls = _comment(right, _text(left))
        if calls:
            return calls
    return None


_LABEL_VERB = re.compile(r"(?:label|tag)\s+", _I)
_LABEL_AS = re.compile(r"\s+(?:as|with)(?:\s+(?:the\s+)?labels?)?\s+", _I)
_ADD = re.compile(r"add\s+", _I)
_REMOVE_LABEL = re.compile(r"(?:remove|delete|drop|take\s+off)\s+", _I)
_TO_TARGET = re.compile(r"\s+(?:to|on)\s+", _I)
_FROM_TARGET = re.compile(r"\s+(?:from|off(?:\s+of)?)\s+", _I)


def _label_calls(tool: str, issue: _IssueRef | None, labels: list[str] | None) -> list[_Call]:
    if issue is None or not labels:
        return []
    return [_call(tool, repo=issue[0], number=issue[1], label=label) for label in labels]


def _parse_label(part: _Part) -> list[_Call] | None:
    """label acme/api#12 as bug / add label bug to X / remove the bug label from X"""
    body = _body(_LABEL_VERB, part.core)
    if body is not None:
        for left, right, _ in _splits(body, _LABEL_AS):
            calls = _label_calls("github.add_label", _issue(left), _many(right, _label))
            if calls:
                return calls
        return None
    for verb, separator, tool in (
        (_ADD, _TO_TARGET, "github.add_label"),
        (_REMOVE_LABEL, _FROM_TARGET, "github.remove_label"),
    ):
        body = _body(verb, part.core)
        if body is None:
            continue
        for left, right, _ in _splits(body, separator, from_end=True):
            calls = _label_calls(tool, _issue(right), _labels_named(left))
            if calls:
                return calls
    return None


_CREATE_ISSUE = re.compile(
    r"(?:create|open|file|raise|add|make|log|submit|start)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?"
    r"(?:(github|jira)\s+)?(bug|task|story|epic|issue|ticket)\s+(?:in|for|on|under|to)\s+",
    _I,
)
_TITLE = re.compile(
    r"\s*:\s+|\s+(?:titled|called|named|saying|with\s+(?:the\s+)?(?:title|summary))(?:\s*:\s*|\s+)",
    _I,
)
_ISSUE_TYPES = {"bug": "Bug", "task": "Task", "story": "Story", "epic": "Epic"}


def _parse_create_issue(part: _Part) -> list[_Call] | None:
    """open an issue in acme/api: x / create a bug in PROJ titled x / file a ticket in PROJ: x"""
    match = _CREATE_ISSUE.match(part.raw)
    if match is None:
        return None
    service, noun = (match[1] or "").lower(), match[2].lower()
    for left, right, _ in _splits(part.raw[match.end() :], _TITLE):
        title = _text(right)
        if not title:
            continue
        repo = _repo(left) if service != "jira" and noun == "issue" else None
        if repo:
            return [_call("github.create_issue", repo=repo, title=title)]
        project = _project(left) if service != "github" else None
        if project:
            extra = {"issue_type": _ISSUE_TYPES[noun]} if noun in _ISSUE_TYPES else {}
            return [_call("jira.create_issue", project=project, summary=title, **extra)]
    return None


_LIST = re.compile(
    r"(?:list|show(?:\s+me)?|get|fetch|find|display|give\s+me)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?"
    r"(?:(?:last|latest|first|top|recent|most\s+recent)\s+)?(?:(\d{1,5})\s+)?"
    r"(?:(open|closed)\s+)?(?:(github|jira)\s+)?"
    r"(issues?\s+and\s+(?:pull\s+requests|prs)|(?:pull\s+requests|prs)\s+and\s+issues"
    r"|issues|tickets|pull\s+requests|prs|pulls)\s+(?:in|for|of|on|from)\s+",
    _I,
)
_LABELLED = re.compile(r"\s+(?:labell?ed|tagged|with\s+(?:the\s+)?labels?)\s+", _I)
_JIRA_STATES = {"open": " AND statusCategory != Done", "closed": " AND statusCategory = Done"}


def _list_kind(noun: str) -> str:
    """What a noun lists: "issue", "pull" or "all" (issues and pull requests)."""
    if re.search(r"\sand\s", noun):
        return "all"
    return "issue" if noun.startswith(("issue", "ticket")) else "pull"


def _parse_list_issues(part: _Part) -> list[_Call] | None:
    """list issues in acme/api / list open PRs in acme/api labelled x / find issues in PROJ"""
    match = _LIST.match(part.core)
    if match is None:
        return None
    limit = _limit(match[1])
    state, service, noun = (match[2] or "").lower(), (match[3] or "").lower(), match[4].lower()
    kind, rest = _list_kind(noun), part.core[match.end() :]
    if limit is None:
        return None
    if service != "jira" and not noun.startswith("ticket"):
        where, labels = rest, None
        for left, right, _ in _splits(rest, _LABELLED):
            labels = _many(right, _label)
            if labels:
                where = left
                break
        repo = _repo(where)
        if repo:
            arguments: dict[str, Any] = {"repo": repo, "kind": kind, **limit}
            if state:
                arguments["state"] = state
            if labels:
                arguments["labels"] = ",".join(labels)
            return [_call("github.list_issues", **arguments)]
    project = _project(rest) if service != "github" and kind == "issue" else None
    if project is None:
        return None
    jql = f"project = {project}{_JIRA_STATES.get(state, '')} ORDER BY updated DESC"
    return [_call("jira.search", jql=jql, **limit)]


_SEARCH_GITHUB = re.compile(
    r"search\s+(?:on\s+|in\s+)?github(?:\s+(issues|prs|pull\s+requests))?\s+(?:for|about)\s+",
    _I,
)
_SEARCH = re.compile(r"search\s+(?:(?:the\s+)?(issues|prs|pull\s+requests)\s+(?:in|of)\s+)?", _I)
_FOR = re.compile(r"\s+for\s+", _I)
_QUALIFIERS = {"issues": "is:issue ", "prs": "is:pr ", "pull requests": "is:pr "}


def _qualifier(noun: str | None) -> str:
    return _QUALIFIERS[re.sub(r"\s+", " ", noun.lower())] if noun else ""


def _parse_search_github(part: _Part) -> list[_Call] | None:
    """search github for login bug / search acme/api for login bug"""
    match = _SEARCH_GITHUB.match(part.core)
    if match is not None:
        query = _query(part.core[match.end() :])
        if not query:
            return None
        return [_call("github.search_issues", query=_qualifier(match[1]) + query)]
    match = _SEARCH.match(part.core)
    if match is None:
        return None
    for left, right, _ in _splits(part.core[match.end() :], _FOR):
        repo, query = _repo(left), _query(right)
        if repo and query:
            return [
                _call("github.search_issues", query=f"repo:{repo} {_qualifier(match[1])}{query}")
            ]
    return None


_BRANCH = r"\w[\w.+/-]{0,249}"
_BRANCH_IN = re.compile(
    rf"(?:the\s+)?(?:(?:git\s+)?branch\s+({_BRANCH})|({_BRANCH})\s+branch)"
    r"\s+(?:in|of|from|on)\s+",
    _I,
)
_DELETE_BRANCH = re.compile(r"(?:delete|remove|drop)\s+", _I)
_RESTORE_BRANCH = re.compile(r"(?:restore|recreate|re-create|undelete|bring\s+back)\s+", _I)
_AT_COMMIT = re.compile(r"\s+(?:at|from|to)\s+(?:(?:the\s+)?(?:commit|sha)\s+)?", _I)
_SHA = re.compile(r"[0-9a-f]{7,40}", _I)


def _branch_in(verb: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """(branch, the rest) for "<verb> (the) branch B in …"."""
    body = _body(verb, text)
    match = _BRANCH_IN.match(body) if body is not None else None
    if body is None or match is None:
        return None
    return match[1] or match[2], body[match.end() :]


def _parse_branch(part: _Part) -> list[_Call] | None:
    """delete branch x in acme/api / restore branch x in acme/api at 1a2b3c4"""
    found = _branch_in(_DELETE_BRANCH, part.core)
    if found is not None:
        repo = _repo(found[1])
        return [_call("github.delete_branch", repo=repo, branch=found[0])] if repo else None
    found = _branch_in(_RESTORE_BRANCH, part.core)
    if found is None:
        return None
    for left, right, _ in _splits(found[1], _AT_COMMIT, from_end=True):
        repo = _repo(left)
        if repo and _SHA.fullmatch(right):
            return [_call("github.restore_branch", repo=repo, branch=found[0], sha=right)]
    return None


# --------------------------------------------------------------------------- Jira parsers

_TRANSITION = re.compile(r"(?:move|transition|mark)\s+", _I)
_TRANSITION_TO = re.compile(r"\s+(?:to|into|as)\s+(?:(?:the\s+)?status\s+)?", _I)


def _parse_transition(part: _Part) -> list[_Call] | None:
    """move PROJ-7 to Done / transition PROJ-7 to In Progress / mark PROJ-7 as Done"""
    body = _body(_TRANSITION, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, _TRANSITION_TO):
        keys, status = _many(left, _jira_key), _status(right)
        if keys and status:
            return [_call("jira.transition", key=key, to=status) for key in keys]
    return None


_ASSIGN = re.compile(r"(?:re-?)?assign\s+", _I)
_ASSIGN_TO = re.compile(r"\s+to\s+", _I)
_UNASSIGN = re.compile(r"un-?assign\s+", _I)


def _parse_assign(part: _Part) -> list[_Call] | None:
    """assign PROJ-7 to me / to @bob / to Ann Lee / unassign PROJ-7"""
    body = _body(_UNASSIGN, part.core)
    if body is not None:
        keys = _many(body, _jira_key)
        return [_call("jira.assign", key=key, assignee="unassigned") for key in keys or []] or None
    body = _body(_ASSIGN, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, _ASSIGN_TO):
        keys, assignee = _many(left, _jira_key), _assignee(right)
        if keys and assignee:
            return [_call("jira.assign", key=key, assignee=assignee) for key in keys]
    return None


_DELETE_ISSUE = re.compile(r"(?:delete|remove)\s+", _I)


def _parse_delete_issue(part: _Part) -> list[_Call] | None:
    """delete PROJ-7 / delete the Jira issue PROJ-7 and PROJ-8"""
    body = _body(_DELETE_ISSUE, part.core)
    keys = _many(body, _jira_key) if body is not None else None
    return [_call("jira.delete_issue", key=key) for key in keys] if keys else None


_SEARCH_JIRA = re.compile(
    r"(?:search|query)\s+(?:in\s+)?jira\s+(?:for|with|using)\s+(?:(?:the\s+)?jql(?:\s+query)?\s*:?\s*)?",
    _I,
)


def _parse_search_jira(part: _Part) -> list[_Call] | None:
    """search jira for project = PROJ AND status = Done / search jira for login bug"""
    body = _body(_SEARCH_JIRA, part.core)
    jql = _jql(body) if body is not None else None
    return [_call("jira.search", jql=jql)] if jql else None


# --------------------------------------------------------------------------- Notion parsers

_ARCHIVE_PAGE = re.compile(r"(?:archive|trash|delete|remove)\s+", _I)
_MOVE = re.compile(r"move\s+", _I)
_TO_TRASH = re.compile(r"\s+(?:to|into|in)\s+(?:the\s+)?(?:notion\s+)?trash(?:\s+bin)?$", _I)
_RESTORE_PAGE = re.compile(
    r"(?:restore|un-?archive|un-?trash|recover|bring\s+back|undelete)\s+", _I
)
_FROM_TRASH = re.compile(r"\s+(?:from|out\s+of)\s+(?:the\s+)?(?:notion\s+)?trash(?:\s+bin)?$", _I)


def _without_tail(text: str, tail: re.Pattern[str]) -> str:
    match = tail.search(text)
    return text[: match.start()] if match else text


def _parse_archive_page(part: _Part) -> list[_Call] | None:
    """archive the Notion page <url> / trash <url> / move <url> to the trash"""
    body = _body(_ARCHIVE_PAGE, part.core)
    if body is None:
        body = _body(_MOVE, part.core)
        if body is None or not _TO_TRASH.search(body):
            return None
        body = _without_tail(body, _TO_TRASH)
    pages = _many(body, _page)
    return [_call("notion.archive_page", page=page) for page in pages] if pages else None


def _parse_restore_page(part: _Part) -> list[_Call] | None:
    """restore the Notion page <url> / restore <url> from the trash"""
    body = _body(_RESTORE_PAGE, part.core)
    pages = _many(_without_tail(body, _FROM_TRASH), _page) if body is not None else None
    return [_call("notion.restore_page", page=page) for page in pages] if pages else None


_SET = re.compile(r"(?:set|update|change)\s+", _I)
_ON_PAGE = re.compile(r"\s+(?:on|for|of|in)\s+", _I)
_PROPERTY_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&|&amp;)\s+", _I)
_PROPERTY_TO = re.compile(r"\s+(?:to|=)\s+|\s*=\s*", _I)
_PROPERTY_NAME = re.compile(r"[^\W_][\w '’()/#?.-]{0,99}")
_LEADING_THE = re.compile(r"the\s+", _I)


def _property(piece: str) -> tuple[str, Any] | None:
    """("Points", 3) for "Points to 3"; a quoted value stays text."""
    piece = piece.strip()
    piece = piece[match.end() :] if (match := _LEADING_THE.match(piece)) else piece
    separator = next(_outside(piece, _PROPERTY_TO), None)
    if separator is None:
        return None
    name = _unquote(piece[: separator.start()].strip())
    raw_value = piece[separator.end() :].strip()
    if not _PROPERTY_NAME.fullmatch(name) or not raw_value:
        return None
    value = _unquote(raw_value)
    if value != raw_value:
        return (name, value)
    if value[0] in '"“':
        return None  # a quote that closes before the end
    number = _number(value)
    return (name, value if number is None else number)


def _properties(fragment: str) -> dict[str, Any] | None:
    properties: dict[str, Any] = {}
    for piece in _pieces(fragment.strip(), _PROPERTY_SEPARATOR):
        found = _property(piece)
        if found is None or found[0] in properties:
            return None
        properties[found[0]] = found[1]
    return properties or None


def _parse_update_page(part: _Part) -> list[_Call] | None:
    """set Status to Done on <url> / set Status to Done and Points to 3 on <url>"""
    body = _body(_SET, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, _ON_PAGE, from_end=True):
        page = _page(right)
        properties = _properties(left) if page else None
        if page and properties:
            return [_call("notion.update_page", page=page, properties=properties)]
    return None


_QUERY = re.compile(
    r"(?:query|show(?:\s+me)?|list|read|get|fetch|open|look\s+at|check)\s+"
    r"(?:(?:all\s+)?(?:the\s+)?(?:(?:first|top|last|latest)\s+)?(?:(\d{1,5})\s+)?"
    r"(?:rows|entries|items|pages|records)\s+(?:in|of|from)\s+)?",
    _I,
)


def _parse_query_database(part: _Part) -> list[_Call] | None:
    """query the notion database <url> / show the first 10 rows of the notion database <url>"""
    match = _QUERY.match(part.core)
    if match is None:
        return None
    rest = part.core[match.end() :]
    database = _database(rest)
    said = _NOTION_WORDS.match(rest)
    if database is None or said is None or not (said[1] or match[0].lower().startswith("query")):
        return None  # a bare link may be a page: only "query" implies a database
    limit = _limit(match[1])
    return (
        [_call("notion.query_database", database=database, **limit)] if limit is not None else None
    )


_CREATE_PAGE = re.compile(
    r"(?:create|make|add|start|write)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?(?:notion\s+)?page\s+", _I
)
_PAGE_IN = re.compile(r"(?:in|under|inside|on)\s+", _I)
_PAGE_TITLED = re.compile(r"(?:titled|called|named)(?:\s*:\s*|\s+)", _I)
_IN_PARENT = re.compile(r"\s+(?:in|under|inside)\s+", _I)


def _page_call(parent: str | None, title: str | None) -> list[_Call] | None:
    if not parent or not title:
        return None
    return [_call("notion.create_page", parent=parent, title=title)]


def _parse_create_page(part: _Part) -> list[_Call] | None:
    """create a notion page in <url> titled x / create a page called x in <url>"""
    body = _body(_CREATE_PAGE, part.raw)
    if body is None:
        return None
    after_in = _body(_PAGE_IN, body)
    if after_in is not None:
        for left, right, _ in _splits(after_in, _TITLE):
            calls = _page_call(_notion(left, None), _text(right))
            if calls:
                return calls
        return None
    start = len(part.raw) - len(body)
    titled = _body(_PAGE_TITLED, part.core[start:])  # the parent ends the part
    if titled is None:
        return None
    for left, right, _ in _splits(titled, _IN_PARENT, from_end=True):
        calls = _page_call(_notion(right, None), _text(left))
        if calls:
            return calls
    return None


TOOL_PARSERS: tuple[Parser, ...] = (
    _parse_close_or_reopen,
    _parse_comment,
    _parse_label,
    _parse_create_issue,
    _parse_list_issues,
    _parse_search_github,
    _parse_branch,
    _parse_transition,
    _parse_assign,
    _parse_delete_issue,
    _parse_search_jira,
    _parse_archive_page,
    _parse_restore_page,
    _parse_update_page,
    _parse_query_database,
    _parse_create_page,
)
