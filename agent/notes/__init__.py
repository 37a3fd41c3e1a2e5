"""Call notes: NotesStore (a local SQLite outbox) and the Syncer that uploads it to the hub."""
