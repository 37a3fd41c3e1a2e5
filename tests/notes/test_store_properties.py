"""Property test: whatever the order of edits, confirmations and refusals, the sync state tells
the truth (synced exactly when the hub confirmed the current revision)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.notes.store import NotesStore

# Texts a note can hold (no NUL, no lone surrogate: the store refuses those at entry).
note_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                    max_size=5)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), note_text),
        st.tuples(st.just("confirm"), st.integers(min_value=0, max_value=3)),  # revisions back
        st.tuples(st.just("refuse"), st.integers(min_value=0, max_value=1)),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(steps)
def test_sync_state_is_always_truthful(actions: list[tuple[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = NotesStore.open(Path(tmp) / "notes.sqlite")
        note = store.create("c", "1", "in")
        hub_has = 0
        for kind, arg in actions:
            current = store.get(note.uuid)
            assert current is not None
            if kind == "edit":
                after = store.update(note.uuid, text=str(arg))
                assert after.revision == current.revision + (after.text != current.text)
            elif kind == "confirm":
                revision = max(0, current.revision - int(arg))  # type: ignore[call-overload]
                hub_has = max(hub_has, revision)
                store.mark_synced(note.uuid, revision)
            else:
                sent = current.revision - int(arg)  # type: ignore[call-overload]
                store.mark_failed(note.uuid, "refused", revision=sent)
            now = store.get(note.uuid)
            assert now is not None
            assert now.synced_revision == hub_has
            assert (now.sync_state == "synced") == (hub_has >= now.revision)
            assert (now.uuid in {n.uuid for n in store.dirty(5)}) == (now.sync_state == "pending")
            assert store.counts().total == 1
        store.close()
