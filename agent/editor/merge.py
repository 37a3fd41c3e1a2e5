"""Three-way merge of an article, field by field (the editor's side of a 409 conflict).

A field changed on one side only takes that side; changed on both sides to the same value is no
conflict; changed differently on both is a conflict the editor resolves by picking a side.
Pure functions; safe from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.editor.model import EDIT_FIELDS, ArticleData, normalized


@dataclass(slots=True)
class Merge:
    """``merged`` holds every decided field; ``conflicts`` the fields still to choose."""

    merged: ArticleData
    mine: ArticleData
    theirs: ArticleData
    conflicts: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # every field where mine ≠ theirs

    def choose(self, name: str, side: str) -> None:
        """Take ``name`` from ``"mine"`` or ``"theirs"``; the field is decided then."""
        self.merged[name] = (self.mine if side == "mine" else self.theirs)[name]
        if name in self.conflicts:
            self.conflicts.remove(name)

    @property
    def resolved(self) -> bool:
        return not self.conflicts


def three_way(base: ArticleData | None, mine: ArticleData, theirs: ArticleData) -> Merge:
    """Merge ``mine`` (the draft) and ``theirs`` (the hub's current) over their common ``base``
    (None for two new articles of one slug: every difference is a conflict)."""
    b = normalized(base) if base is not None else None
    m, t = normalized(mine), normalized(theirs)
    result = Merge(merged=dict(t), mine=m, theirs=t)
    for name in (*EDIT_FIELDS, "extra"):
        if m[name] == t[name]:
            continue
        result.differing.append(name)
        if b is not None and t[name] == b[name]:
            result.merged[name] = m[name]  # only I changed it
        elif b is not None and m[name] == b[name]:
            result.merged[name] = t[name]  # only they changed it
        else:
            result.conflicts.append(name)
    return result
