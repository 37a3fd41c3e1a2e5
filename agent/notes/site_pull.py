"""Pulls the hub's floor settings profile after the KB and stores it for the settings layer.

The answer of ``GET /site-profile`` is verified against the pinned key (like KB revisions); a
revision older than the stored one is refused (the hub's database was replaced or an answer
was replayed); a good one is written atomically as it came, signature included, so that
:func:`agent.settings.read_floor_profile` verifies it again whenever settings are loaded.

Thread rule: call :meth:`SiteProfilePuller.pull` from the syncer's worker thread only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from agent.notes.hub_client import HubProblem, request_json
from kb.paths import replace_file
from kb.wire.signing import SignatureError
from kb.wire.site_profile import ProfileError, verify_profile


@dataclass(frozen=True, slots=True)
class ProfilePullReport:
    """``revision`` in effect on this desk; ``refused`` when the hub's answer failed its check
    (signature, shape, an older revision) rather than the hub being unreachable."""

    revision: int
    changed: bool = False
    error: str | None = None
    refused: bool = False


class SiteProfilePuller:
    """Keeps ``path`` equal to the hub's newest verified floor profile."""

    def __init__(self, path: Path, public_key: Ed25519PublicKey) -> None:
        self.path = Path(path)
        self.public_key = public_key

    def stored_revision(self) -> int:
        try:
            value = json.loads(self.path.read_text(encoding="utf-8")).get("revision", 0)
        except (OSError, ValueError, AttributeError):
            return 0
        return value if isinstance(value, int) else 0

    def pull(self, client: httpx.Client) -> ProfilePullReport:
        """Fetch, verify and store; never raises for hub trouble (the error is reported)."""
        stored = self.stored_revision()
        try:
            answer = request_json(client, "GET", "/site-profile")
            revision, _settings = verify_profile(self.public_key, answer)
        except HubProblem as problem:
            return ProfilePullReport(stored, error=problem.message)
        except (SignatureError, ProfileError) as exc:
            return ProfilePullReport(stored, error=f"refused the hub's floor profile: {exc}",
                                     refused=True)
        if revision < stored:
            return ProfilePullReport(stored, error=(
                f"the hub's floor profile is revision {revision}, older than this desk's "
                f"{stored}; keeping ours"), refused=True)
        if revision == stored:
            return ProfilePullReport(stored)
        document = {"revision": revision, "settings": answer["settings"],
                    "signature": answer["signature"], "key_id": answer.get("key_id")}
        replace_file(self.path, json.dumps(document, ensure_ascii=False))
        return ProfilePullReport(revision, changed=True)
