"""Review before release: approvals bound to a document's content, and the release policy.

``briefpack approve BRIEF --by NAME`` records, for each document of BRIEF, an
approval of the draft built in the output folder: who, when, the content hash
of the finished document (the same for every format: see
``documents.content_hash``) and the inputs it was made of. An approval counts
for the next edition only while the document's content is the one approved:
any change to its inputs voids it, and the change is named ("excerpt kz-14
changed"). The release policy (``release:`` in the brief, defaults in the
workspace's ``release.yaml``) asks for a number of approvals by people other
than the author; ``publish`` refuses a document without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BriefpackError, relative_path
from .documents import CONTENT_KEYS, content_hash

SETTINGS_FILE = "release.yaml"


@dataclass(frozen=True)
class Policy:
    approvals: int = 0  # approvals needed, by people other than the author
    author: str = ""
    source: str = ""  # where the policy was set: the brief or release.yaml


def workspace_settings(root: Path) -> dict:
    """The workspace's release settings (``release.yaml``): approvals, author, sign, timestamp_url."""
    from ..library.yaml_limits import safe_load

    path = Path(root) / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefpackError(f"cannot read the release settings: {exc}", path=path) from None
    except yaml.YAMLError as exc:  # its aliases bounded too: one line, its place
        mark = getattr(exc, "problem_mark", None)
        raise BriefpackError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", path=path,
                             line=mark.line + 1 if mark is not None else None) from None
    data = data or {}
    if not isinstance(data, dict):
        raise BriefpackError("must be a mapping (approvals:, author:, sign:, timestamp_url:)", path=path)
    approvals = data.get("approvals", 0)
    if not isinstance(approvals, int) or isinstance(approvals, bool) or approvals < 0:
        raise BriefpackError("approvals must be a whole number, 0 or more", path=path)
    return data


def release_policy(root: Path, brief) -> Policy:
    """The brief's ``release:`` over the workspace's defaults."""
    defaults = workspace_settings(root)
    own = (brief.extra or {}).get("release") or {}
    source = relative_path(Path(brief.path).resolve(), Path(root).resolve()) if own else SETTINGS_FILE
    return Policy(approvals=int(own.get("approvals", defaults.get("approvals", 0))),
                  author=str(own.get("author", defaults.get("author", "")) or ""), source=source)


def same_person(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def content_inputs(inputs: dict) -> dict:
    """The parts of an output's inputs that make the document (what an approval keeps)."""
    return {k: inputs.get(k) for k in CONTENT_KEYS}


def changes(old: dict, new: dict) -> list[str]:
    """What changed between two documents' inputs, as a reader would say it."""
    out = []
    for facet in ("excerpts", "sources"):
        before, after = old.get(facet) or {}, new.get(facet) or {}
        word = facet[:-1]
        for key in sorted(set(before) | set(after)):
            if key not in after:
                out.append(f"{word} {key} no longer cited")
            elif key not in before:
                out.append(f"{word} {key} added")
            elif before[key] != after[key]:
                out.append(f"{word} {key} changed")
    names = {"brief": "the brief changed", "variables": "the brief's variables changed",
             "vocabulary": "the vocabulary changed", "templates": "a section template changed",
             "max_marking": "the marking limit (--max-marking) changed"}
    out += [said for key, said in names.items() if old.get(key) != new.get(key)]
    return out or ["its inputs changed"]


def void_reason(approval: dict, inputs: dict) -> str:
    """Why an approval no longer holds for a document made of ``inputs``."""
    found = changes(approval.get("inputs") or {}, content_inputs(inputs))
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return ", ".join(found[:3]) + more


def approvals_of(root: Path, document: str, number: int) -> list[dict]:
    """The approvals recorded for edition ``number`` of ``document``, oldest first."""
    from .records import read_chain

    chained, _ = read_chain(root)
    return [dict(r.data, record=r.path.name) for r in chained
            if r.kind == "approval" and r.data.get("document") == document and r.data.get("edition") == number]


def standing_of_approvals(approvals: list[dict], policy: Policy, inputs: dict) -> list[tuple[dict, str]]:
    """Each approval with why it does not count ("" when it does)."""
    content = content_hash(inputs)
    out = []
    for approval in approvals:
        if approval.get("content") != content:
            why = f"void: {void_reason(approval, inputs)}"
        elif policy.author and same_person(approval.get("by", ""), policy.author):
            why = "does not count: the author does not approve their own product"
        else:
            why = ""
        out.append((approval, why))
    return out


def release_error(root: Path, brief, name: str, number: int, inputs: dict, no_review: bool) -> tuple[str, list]:
    """Why edition ``number`` of ``name`` may not be published ("" when it may), and the
    approvals it is published with."""
    policy = release_policy(root, brief)
    if no_review and policy.approvals:
        return (f"{name}: --no-review refused: the release policy ({policy.source}) asks for "
                f"{_count(policy.approvals)} before release"), []
    standing = standing_of_approvals([] if no_review else approvals_of(root, name, number), policy, inputs)
    valid, seen = [], set()
    for approval, why in standing:
        key = " ".join(approval.get("by", "").split()).casefold()
        if not why and key not in seen:
            seen.add(key)
            valid.append(approval)
    if len(valid) >= policy.approvals:
        return "", valid
    author = f" ({policy.author})" if policy.author else ""
    said = [f"approval by {a.get('by')} {why}" for a, why in standing if why] or \
        [f"none recorded (briefpack approve {relative_path(Path(brief.path).resolve(), Path(root).resolve())} "
         "--by NAME)"]
    return (f"{name}: not published: the release policy ({policy.source}) asks for {_count(policy.approvals)} "
            f"by someone other than the author{author}, and it has {len(valid)}; " + "; ".join(said)), []


def _count(n: int) -> str:
    return f"{n} approval{'s' * (n != 1)}"


def approval_record(name: str, rel: str, number: int, inputs: dict, by: str, note: str, drafts: dict,
                    folder: str) -> dict:
    from datetime import datetime, timezone

    return {"document": name, "brief": rel, "edition": number, "content": content_hash(inputs),
            "inputs": content_inputs(inputs), "by": by, "note": note, "drafts": drafts, "folder": folder,
            "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
