"""The workstation ↔ hub contract, imported by both sides (``agent.notes`` and ``kb.hub``).

- :mod:`kb.wire.signing` — canonical JSON, Ed25519 signatures of KB revisions, keys;
- :mod:`kb.wire.jsonio` — JSON parsed with limits (size, depth, numbers, surrogates);
- :mod:`kb.wire.notes` — note fields, limits and the one validation of notes and batches;
- :mod:`kb.wire.articles` — articles as JSON and the check of a publication;
- :mod:`kb.wire.states` — sync states, note states and problem kinds (enums);
- :mod:`kb.wire.problems` — :class:`~kb.wire.problems.Problem` and the hub's request errors;
- :mod:`kb.wire.text` — checks every text goes through;
- :mod:`kb.wire.search_events` — what one KB search records, its normalized query, the limits.

Nothing here does I/O except reading and writing key files in :mod:`kb.wire.signing`; the
package imports neither Qt nor the hub.
"""
