"""Every version of every rule, from the repository's history (issue 22).

One pass over git: one `git log --first-parent --raw -z` over standards/regulations (the history of
the branch as it was published: a merged pull request is one step, its own intermediate commits
are not versions) and one `git cat-file --batch` for every file content it names. The result is
kept in .zhidu/state/history.json keyed by HEAD: an unchanged repository costs one `git
rev-parse`; a repository that moved on from the cached HEAD reads only the new commits.

Versions are facts of the records, not guesses:
  * a commit that changes a rule's data is a version; one that changes only comments or layout
    (the data is equal) is not;
  * a version that appends a `revisions` entry is a 修订 dated by that entry; one that repeals the
    rule (status or `repealed` newly set) is a 废止 dated by `repealed`; any other change is an
    编辑性修改, shown with its commit date, labelled 提交日期, since the record gives none;
  * revisions entries already present when the rule first entered the repository have no text
    of their own here: they are listed, never turned into versions;
  * a shallow clone or a folder without git gives fewer versions and says so; it never fails.

When a version governs (for the registry as of a date): a 修订 from its entry's date (or from its
new 施行日期 when the revision moved that later), a 废止 from the repeal date, the first version
from the rule's 印发日期; an 编辑性修改 corrects the record of the version before it and takes its
place from the same day, except a change of status without a dated entry, which counts from its
commit date. On a day, the governing version is the latest in repository order whose day has
come; the status is vocabulary.status_on applied to that version's dates.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from zhidu.cache import STATE, cache_dir, write_atomic
from zhidu.vocabulary import status_on

FOLDER = "standards/regulations"
CACHE_NAME = "history.json"
FORMAT = 1                      # of the cache file; another value is read as no cache
_SHA = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
_RULE_PATH = re.compile(r"standards/regulations/[^/]+/([A-Za-z0-9-]+)\.yaml")
_REGULAR = ("100644", "100755")

# What the history knows, as readers are told it (the notice on history pages, the API's "history").
COMPLETE, SHALLOW, NO_GIT, GIT_FAILED = "complete", "shallow", "no-git", "git-failed"
NOTICES = {
    COMPLETE: "",
    SHALLOW: "本站构建时只取得了部分修改历史（浅克隆），更早的版本未列出；标为“取得的最早版本”的并非该制度的首个版本。",
    NO_GIT: "本站构建时没有取得修改历史（构建目录不是 git 仓库），只列出当前版本。",
    GIT_FAILED: "本站构建时未能读取修改历史（git 命令不可用或出错），只列出当前版本。",
}

# Kinds of version, and what readers call them.
FIRST, EARLIEST, CURRENT = "first", "earliest", "current"
REVISION, REPEAL, STATUS, EDITORIAL = "revision", "repeal", "status", "editorial"
KIND_LABELS = {FIRST: "首次收录", EARLIEST: "取得的最早版本", CURRENT: "当前版本", REVISION: "修订", REPEAL: "废止",
               STATUS: "状态变更", EDITORIAL: "编辑性修改"}
# Where a version's date comes from.
DATE_SOURCES = {"revision": "修订记录", "issued": "印发日期", "effective": "施行日期", "repealed": "废止日期",
                "commit": "提交日期", "uncommitted": "尚未提交（按构建日期）"}


# -- reading git ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Commit:
    sha: str
    date: str                                   # committer date, ISO 8601 with its offset
    parents: tuple[str, ...]
    changes: tuple[tuple[str, str | None], ...]  # (path under the project, blob or None: deleted/not a file)


class _FromTimeline:
    """Whether the history read was the whole of it, and what to tell readers when it was not."""
    state: str

    @property
    def complete(self) -> bool:
        return self.state == COMPLETE

    @property
    def notice(self) -> str:
        return NOTICES[self.state]


@dataclass
class Timeline(_FromTimeline):
    """The commits that touched standards/regulations, oldest first, and the data of every blob."""
    state: str
    head: str = ""
    commits: list[Commit] = field(default_factory=list)
    blobs: dict[str, Any] = field(default_factory=dict)     # blob -> data as loaded (None: did not load)


class GitError(Exception):
    pass


def _git(root: Path, *args: str, stdin: bytes | None = None, timeout: int = 300) -> bytes:
    """git with fixed arguments only (nothing here comes from a user), in the project folder."""
    try:
        done = subprocess.run(["git", "-c", "log.showSignature=false", "-c", "core.quotePath=false", *args],
                              cwd=root, input=stdin, capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as error:
        raise GitError(str(error)) from None
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _where(root: Path) -> tuple[str, bool, str] | None:
    """(HEAD, shallow, the project's folder inside the repository), or None when there is no
    repository with a commit here (or git does not run)."""
    try:
        lines = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix", "--verify", "-q", "HEAD").decode(
            "utf-8", "replace").split("\n")
    except GitError:
        return None
    if len(lines) < 3 or not _SHA.fullmatch(lines[2].encode()):
        return None
    return lines[2], lines[0] == "true", lines[1]


def _log(root: Path, prefix: str, since: str | None, head: str) -> list[Commit]:
    """The commits from `since` (excluded) to `head` that touched standards/regulations, oldest first."""
    revisions = f"{since}..{head}" if since else head
    out = _git(root, "log", "--first-parent", "--diff-merges=first-parent", "--raw", "-z", "--no-renames",
               "--no-abbrev", "--no-color", "--format=%x01%H%x00%P%x00%cI", revisions, "--", FOLDER)
    commits: list[Commit] = []
    tokens = out.split(b"\0")
    i, current = 0, None
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        if token.startswith(b"\x01"):
            if current:
                commits.append(Commit(*current[:3], tuple(current[3])))
            sha = token[1:].decode("ascii", "replace")
            parents = tuple(tokens[i + 1].decode("ascii", "replace").split()) if i + 1 < len(tokens) else ()
            date = tokens[i + 2].decode("ascii", "replace") if i + 2 < len(tokens) else ""
            current = [sha, date, parents, []]
            i += 3
            continue
        if token.startswith(b":") and current is not None and i + 1 < len(tokens):
            meta = token[1:].split()
            path = tokens[i + 1].decode("utf-8", "replace")
            i += 2
            if len(meta) < 5 or not path.startswith(prefix):
                continue
            path = path[len(prefix):]
            new_mode, blob, status = meta[1].decode(), meta[3].decode("ascii", "replace"), meta[4][:1]
            regular = new_mode in _REGULAR and status != b"D" and _SHA.fullmatch(meta[3])
            current[3].append((path, blob if regular else None))
            continue
        i += 1
    if current:
        commits.append(Commit(*current[:3], tuple(current[3])))
    commits.reverse()
    return commits


def _read_blobs(root: Path, blobs: list[str]) -> dict[str, Any]:
    """Every blob's data, in one `git cat-file --batch`; None for one that does not load."""
    if not blobs:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(b + "\n" for b in blobs).encode("ascii"))
    found: dict[str, Any] = {}
    at = 0
    for blob in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            found[blob] = None          # "missing": a shallow or partial clone without it
            continue
        size = int(header[2])
        found[blob] = _load(out[at:at + size], blob)
        at += size + 1
    return found


class _Fast(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML with timestamps left as text, as the project's loader reads them."""


_Fast.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                 for first, resolvers in _Fast.yaml_implicit_resolvers.items()}


def _load(raw: bytes, name: str) -> dict | None:
    """A rule file's data as the project's loader reads it. Files without anchors or aliases (all real
    ones) take a faster road, with the same result; the others go through the project's loader,
    which refuses aliases and tags as validation does."""
    from zhidu.load.loader import MAX_BYTES, LoadError, decode, parse
    if len(raw) > MAX_BYTES:
        return None
    try:
        text = decode(raw)
        if "&" in text or "*" in text or "!" in text:
            data = parse(text, name).data
        else:
            data = yaml.load(text, Loader=_Fast)
    except (LoadError, yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def blob_id(data: bytes, length: int = 40) -> str:
    """The name git gives a file's content (SHA-1, or SHA-256 in a repository that uses it)."""
    header = b"blob %d\0" % len(data)
    return (hashlib.sha1 if length == 40 else hashlib.sha256)(header + data).hexdigest()


def _cache_path(root: Path) -> Path:
    return cache_dir(root) / STATE / CACHE_NAME


def _recall(root: Path) -> dict | None:
    try:
        cached = json.loads(_cache_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cached if isinstance(cached, dict) and cached.get("format") == FORMAT else None


def _keep(root: Path, timeline: Timeline, prefix: str) -> None:
    data = {"format": FORMAT, "head": timeline.head, "state": timeline.state, "prefix": prefix,
            "commits": [[c.sha, c.date, list(c.parents), [list(x) for x in c.changes]] for c in timeline.commits],
            "blobs": timeline.blobs}
    try:
        write_atomic(_cache_path(root), json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass        # a read-only checkout builds all the same, only reading git again next time


def _from_cache(cached: dict) -> Timeline:
    return Timeline(cached["state"], cached["head"],
                    [Commit(c[0], c[1], tuple(c[2]), tuple((p, b) for p, b in c[3])) for c in cached["commits"]],
                    cached["blobs"])


def read_timeline(root: Path, known: dict[str, dict] | None = None) -> Timeline:
    """The history of standards/regulations in the repository holding `root`, from the cache when
    HEAD has not moved. Never raises: without git the timeline is empty and says why.
    `known`: path under the project -> data already loaded (the working tree's files, validated):
    a blob with the same content is not read and parsed again."""
    where = _where(root)
    if where is None:
        return Timeline(GIT_FAILED if _inside_any_repo(root) else NO_GIT)
    head, shallow, prefix = where
    state = SHALLOW if shallow else COMPLETE
    cached = _recall(root)
    if cached and cached.get("prefix") == prefix and cached.get("state") == state:
        if cached.get("head") == head:
            return _from_cache(cached)
    try:
        since = None
        timeline = Timeline(state, head)
        if cached and cached.get("prefix") == prefix and cached.get("state") == state and \
                _on_first_parent_chain(root, cached.get("head", ""), head):
            timeline = _from_cache(cached)
            timeline.head, since = head, cached["head"]
        new = _log(root, prefix, since, head)
        wanted = sorted({b for c in new for _, b in c.changes if b and b not in timeline.blobs})
        have = _known_blobs(root, known or {}, len(head))
        timeline.blobs.update({b: have[b] for b in wanted if b in have})
        timeline.blobs.update(_read_blobs(root, [b for b in wanted if b not in have]))
        timeline.commits.extend(new)
    except (GitError, ValueError, IndexError):
        return Timeline(GIT_FAILED)
    _keep(root, timeline, prefix)
    return timeline


def _known_blobs(root: Path, known: dict[str, dict], length: int) -> dict[str, dict]:
    found = {}
    for path, data in known.items():
        try:
            found[blob_id((root / path).read_bytes(), length)] = data
        except OSError:
            pass
    return found


def _on_first_parent_chain(root: Path, old: str, head: str) -> bool:
    if not old or not _SHA.fullmatch(old.encode()):
        return False
    try:
        return old.encode() in _git(root, "rev-list", "--first-parent", head).split()
    except GitError:
        return False


def _inside_any_repo(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))


# -- versions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    number: int                  # 1 for the oldest version found
    kind: str                    # FIRST, EARLIEST, REVISION, REPEAL, STATUS, EDITORIAL
    data: dict                   # the rule's data as written in that version
    commit: str                  # "" for changes not committed yet (the working tree)
    commit_date: str             # YYYY-MM-DD ("" when not committed)
    date: str                    # the date shown for this version
    date_source: str             # key of DATE_SOURCES
    in_force_from: str           # from when it governs (see the module's docstring)
    text_from: str               # from when its text is known to be the text in force
    added: tuple[dict, ...]      # revisions entries this version appended

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def date_label(self) -> str:
        return DATE_SOURCES.get(self.date_source, "")

    @property
    def short_commit(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class RuleHistory(_FromTimeline):
    id: str
    versions: tuple[Version, ...]
    earlier: tuple[dict, ...]     # revisions entries older than the first version found: no text here
    state: str                    # of the timeline it was read from
    uncommitted: bool = False     # the last version is the working tree's, not committed yet


def _s(value) -> str:
    return "" if value is None else str(value)


def _revisions(data: dict) -> list[dict]:
    return [r for r in data.get("revisions") or () if isinstance(r, dict)]


def _appended(old: dict, new: dict) -> list[dict]:
    """The revisions entries `new` adds to `old`: entries not in old, at most as many as the list grew."""
    before, after = _revisions(old), _revisions(new)
    grew = len(after) - len(before)
    if grew <= 0:
        return []
    return [r for r in after if r not in before][-grew:]


def _repeals(old: dict, new: dict) -> bool:
    return (_s(new.get("status")) == "repealed" and _s(old.get("status")) != "repealed") or \
        (bool(new.get("repealed")) and not old.get("repealed"))


def _text_from(data: dict) -> str:
    """From when the text of a rule's first known version is the text in force: its 印发日期 when it
    has at most one text-bearing revisions entry, else the latest of them (an entry on or after the
    repeal date records the repeal, not a new text)."""
    repealed = _s(data.get("repealed"))
    entries = [_s(r.get("date")) for r in _revisions(data) if not repealed or _s(r.get("date")) < repealed]
    if len(entries) <= 1:
        return _s(data.get("issued")) or (entries[0] if entries else "")
    return max(entries)


def _first(kind: str, data: dict, commit: str, day: str) -> Version:
    issued = _s(data.get("issued"))
    text_from = _text_from(data) or day
    date, source = (text_from, "revision") if len(_revisions(data)) > 1 and text_from != issued else \
        (issued, "issued") if issued else (day, "commit")
    return Version(1, kind, data, commit, day if commit else "", date, source,
                   issued or text_from, text_from, ())


def _next(number: int, old: Version, data: dict, commit: str, day: str) -> Version:
    added = tuple(_appended(old.data, data))
    entry_day = max((_s(r.get("date")) for r in added), default="")
    if _repeals(old.data, data):
        repealed = _s(data.get("repealed"))
        date, source = (repealed, "repealed") if repealed else (entry_day, "revision") if entry_day else (day, "commit")
        return Version(number, REPEAL, data, commit, day if commit else "", date, source, date, date, added)
    if added:
        effective = _s(data.get("effective"))
        starts = effective if effective != _s(old.data.get("effective")) and effective > entry_day else entry_day
        return Version(number, REVISION, data, commit, day if commit else "", entry_day, "revision", starts, starts,
                       added)
    if _s(data.get("status")) != _s(old.data.get("status")):
        return Version(number, STATUS, data, commit, day if commit else "", day, "commit", day, old.text_from, ())
    return Version(number, EDITORIAL, data, commit, day if commit else "", day, "commit",
                   old.in_force_from, old.text_from, ())


def rule_history(rule_id: str, timeline: Timeline, current: dict | None = None, today: str = "") -> RuleHistory:
    """The versions of one rule. `current`: its data in the working tree (the registry being built);
    when it differs from the last commit it is the last version, not committed yet."""
    versions: list[Version] = []
    for commit in timeline.commits:
        blobs = [b for path, b in commit.changes if _rule_id(path) == rule_id]
        if not blobs:
            continue
        data = next((timeline.blobs.get(b) for b in reversed(blobs) if b), None)
        if data is None:
            continue        # deleted, or did not load in that commit: no text to show
        if versions and versions[-1].data == data:
            continue        # comments or layout only
        day = commit.date[:10]
        if not versions:
            boundary = timeline.state == SHALLOW and not commit.parents
            versions.append(_first(EARLIEST if boundary else FIRST, data, commit.sha, day))
        else:
            versions.append(_next(len(versions) + 1, versions[-1], data, commit.sha, day))
    uncommitted = False
    if current is not None and (not versions or versions[-1].data != current):
        uncommitted = True
        if versions:
            version = _next(len(versions) + 1, versions[-1], current, "", today)
        else:       # a new rule not committed yet, or no history to be had: the current text only
            version = _first(FIRST if timeline.complete else CURRENT, current, "", today)
        versions.append(replace(version, date_source="uncommitted") if version.date_source == "commit" else version)
    earlier = ()
    if versions:
        first = versions[0]
        known = first.text_from
        earlier = tuple(r for r in _revisions(first.data) if _s(r.get("date")) < known) if \
            len(_revisions(first.data)) > 1 else ()
    return RuleHistory(rule_id, tuple(versions), earlier, timeline.state, uncommitted)


def _rule_id(path: str) -> str | None:
    match = _RULE_PATH.fullmatch(path)
    return match.group(1) if match else None


def histories(registry, root: Path, today: str) -> dict[str, RuleHistory]:
    """Every rule of the registry (repealed ones included) with its versions."""
    documents = registry.documents.get("regulation", {})
    timeline = read_timeline(root, {rule.source: dict(documents[rule.id]) for rule in registry.rules.values()})
    return {rule_id: rule_history(rule_id, timeline, dict(documents[rule_id]), today)
            for rule_id in sorted(registry.rules)}


# -- the registry as of a date ---------------------------------------------------------------------

def governing(history: RuleHistory, day: str) -> Version | None:
    """The version that governed on `day`: the latest in repository order whose day had come."""
    found = None
    for version in history.versions:
        if version.in_force_from and version.in_force_from <= day:
            found = version
    return found


def status_of(version: Version, day: str) -> str:
    """vocabulary.status_on applied to the version's own dates. A version that records its rule as
    repealed on a later day says the rule was in force until then."""
    data = version.data
    status, repealed = _s(data.get("status")), _s(data.get("repealed"))
    if status == "repealed" and repealed and day < repealed:
        status = "in_force"
    return status_on(status, _s(data.get("effective")), repealed, day)


def state_on(history: RuleHistory, day: str) -> tuple[str, int, bool] | None:
    """(status, version number, whether the version's text is known to be the text of that day),
    or None when the rule had not been issued yet (or no version governs)."""
    version = governing(history, day)
    if version is None:
        return None
    return status_of(version, day), version.number, bool(version.text_from) and version.text_from <= day


def steps(history: RuleHistory) -> list[list]:
    """The rule's state as a step function: [from, status, version, exact] for each day its state
    changes, oldest first; before the first step the rule was not issued yet. Between two steps
    nothing changes, since statuses and governing versions change only on the dates used here."""
    days = sorted({d for v in history.versions for d in (v.in_force_from, v.text_from, _s(v.data.get("issued")),
                                                          _s(v.data.get("effective")), _s(v.data.get("repealed")))
                   if d})
    out: list[list] = []
    for day in days:
        state = state_on(history, day)
        step = [day, *state] if state else [day, None, None, False]
        if not out or out[-1][1:] != step[1:]:
            out.append(step)
    while out and out[0][1] is None:
        out.pop(0)
    return out
