"""KbPuller: brings the workstation's KB up to the hub's latest signed revision.

Pages of revisions after the KB's current revision are fetched, every revision's Ed25519 signature
is checked against the key pinned at provisioning (``hub.public_key``), the numbers must follow on
without a gap, and only then is the page applied with one call to ``apply_changes`` (one
transaction in the KB store and index). A pull interrupted at any point leaves the previous
revision fully usable; the next pull continues from there. A revision whose signature fails is
refused with the reason, and nothing of its page is applied.

Thread rule: call :meth:`KbPuller.pull` from one worker thread at a time (the syncer's); the KB
target's own thread rule applies to ``apply_changes``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from agent.notes.hub_client import HubProblem, request_json
from agent.notes.prior_pull import SearchPriorPuller
from agent.notes.site_pull import SiteProfilePuller
from kb.markdown_files import ArticleFormatError
from kb.model import Article
from kb.wire.articles import article_from_json
from kb.wire.signing import SignatureError, load_public_key, signed_document, verify
from kb.wire.states import ProblemKind

log = logging.getLogger(__name__)


class KbTarget(Protocol):
    """What the puller needs from the knowledge base (``kb.knowledge_base.KnowledgeBase``)."""

    @property
    def revision(self) -> int: ...

    def apply_changes(self, upserts: list[Article], deletions: list[tuple[str, str]],
                      revision: int, synonym_sets: list[list[str]] | None = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class KbPullReport:
    """``error`` is None on success; ``problem`` is ``offline``/``auth``/``error``/``signature``."""

    from_revision: int
    to_revision: int
    latest: int | None = None
    applied: list[int] = field(default_factory=list)
    error: str | None = None
    problem: ProblemKind | None = None
    profile: Any = None  # the floor profile's ProfilePullReport, when a profile puller is set
    prior: Any = None  # the floor search prior's PriorPullReport, when a prior puller is set

    @property
    def ok(self) -> bool:
        return self.error is None


class KbPuller:
    """Pulls signed revisions from the hub into one KB."""

    def __init__(self, kb: KbTarget, public_key: Ed25519PublicKey | str,
                 page_size: int = 20, profile_path: Path | None = None) -> None:
        self.kb = kb
        self.public_key = (load_public_key(public_key) if isinstance(public_key, str)
                           else public_key)
        self.page_size = max(1, min(page_size, 100))
        self.profile = (SiteProfilePuller(profile_path, self.public_key)
                        if profile_path is not None else None)
        self.prior: SearchPriorPuller | None = None  # set to learn the floor's search prior

    def pull(self, client: httpx.Client) -> KbPullReport:
        """Apply every revision the hub has beyond ours, then fetch the floor's search prior
        (when :attr:`prior` is set: its trouble is logged, never the pull's error) and the floor
        profile (when a ``profile_path`` was given); never raises for hub trouble."""
        report = self._pull_kb(client)
        unreachable = report.problem in (ProblemKind.OFFLINE, ProblemKind.AUTH)
        if self.prior is not None:
            if unreachable:
                self.prior.refresh()
            else:
                report = replace(report, prior=self.prior.pull(client))
        if self.profile is None or unreachable:
            return report
        profile = self.profile.pull(client)
        if profile.error:
            log.warning("%s", profile.error)
        if profile.refused and profile.error and report.ok:
            return replace(report, error=profile.error, problem=ProblemKind.SIGNATURE,
                           profile=profile)
        return replace(report, profile=profile)

    def _pull_kb(self, client: httpx.Client) -> KbPullReport:
        start = current = int(self.kb.revision)
        applied: list[int] = []
        latest: int | None = None
        try:
            while True:
                page = request_json(client, "GET", "/kb/changes",
                                    params={"since": current, "limit": self.page_size})
                revisions, latest, more = self._check_page(page, current)
                if latest < current:
                    return KbPullReport(
                        start, current, latest, applied,
                        f"the hub is at KB revision {latest}, behind this workstation's "
                        f"{current} (was the hub's database replaced?); keeping ours",
                        ProblemKind.ERROR)
                if not revisions:
                    break
                upserts, deletions = self._merge(revisions)
                synonyms = self._synonym_sets(revisions)
                last = revisions[-1]["revision"]
                try:
                    if synonyms is None:
                        self.kb.apply_changes(upserts, deletions, last)
                    else:
                        self.kb.apply_changes(upserts, deletions, last, synonym_sets=synonyms)
                except (ValueError, RuntimeError, OSError) as exc:
                    return KbPullReport(start, current, latest, applied,
                                        f"the KB refused revision {last}: {exc}", ProblemKind.ERROR)
                applied.extend(r["revision"] for r in revisions)
                current = last
                if not more:
                    break
        except HubProblem as problem:
            kind = problem.kind if problem.kind != ProblemKind.REJECTED else ProblemKind.ERROR
            return KbPullReport(start, current, latest, applied, problem.message, kind)
        except SignatureError as exc:
            return KbPullReport(start, current, latest, applied,
                                f"refused a KB revision from the hub: {exc}", ProblemKind.SIGNATURE)
        return KbPullReport(start, current, latest, applied)

    def _check_page(self, page: Any, current: int) -> tuple[list[dict[str, Any]], int, bool]:
        if not (isinstance(page, dict) and isinstance(page.get("revisions"), list)
                and isinstance(page.get("latest"), int)):
            raise HubProblem(ProblemKind.ERROR, "the hub answered KB changes of the wrong shape")
        expected = current + 1
        checked: list[dict[str, Any]] = []
        for raw in page["revisions"]:
            if not isinstance(raw, dict):
                raise HubProblem(ProblemKind.ERROR,
                                 "the hub answered a KB revision of the wrong shape")
            number = raw.get("revision")
            if number != expected:
                raise SignatureError(f"expected revision {expected}, the hub sent {number!r} "
                                     "(a revision is missing or out of order)")
            upserts, deletions = raw.get("upserts"), raw.get("deletions")
            if not isinstance(upserts, list) or not isinstance(deletions, list):
                raise SignatureError(f"revision {number} has no upserts/deletions lists")
            synonyms = raw.get("synonym_sets")
            if synonyms is not None and not (
                isinstance(synonyms, list)
                and all(isinstance(s, list) and all(isinstance(p, str) for p in s)
                        for s in synonyms)):
                raise SignatureError(f"revision {number} has malformed synonym sets")
            verify(self.public_key, signed_document(number, upserts, deletions, synonyms),
                   raw.get("signature"))
            checked.append(raw)
            expected += 1
        more = bool(page.get("more")) and bool(checked)
        return checked, page["latest"], more

    @staticmethod
    def _synonym_sets(revisions: list[dict[str, Any]]) -> list[list[str]] | None:
        """The synonym sets of the newest revision that replaced them, if any did."""
        for rev in reversed(revisions):
            if rev.get("synonym_sets") is not None:
                return list(rev["synonym_sets"])
        return None

    @staticmethod
    def _merge(revisions: list[dict[str, Any]]
               ) -> tuple[list[Article], list[tuple[str, str]]]:
        """Fold verified revisions into one change set (later revisions win)."""
        final: dict[tuple[str, str], Article | None] = {}
        for rev in revisions:
            for index, raw in enumerate(rev["upserts"]):
                try:
                    article = article_from_json(raw, f"revision {rev['revision']} "
                                                     f"upserts[{index}]")
                except ArticleFormatError as exc:
                    raise SignatureError(f"a signed article is not valid: {exc}") from None
                final[article.key] = article
            for pair in rev["deletions"]:
                if not (isinstance(pair, list) and len(pair) == 2
                        and all(isinstance(p, str) for p in pair)):
                    raise SignatureError(f"revision {rev['revision']} has a bad deletion")
                final[(pair[0], pair[1])] = None
        upserts = [a for a in final.values() if a is not None]
        deletions = [key for key, a in final.items() if a is None]
        return upserts, deletions
