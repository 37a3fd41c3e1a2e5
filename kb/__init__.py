"""Sufler knowledge base: SQLite store, derived whoosh index, search. No Qt, no pjsua2."""
