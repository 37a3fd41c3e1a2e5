"""The Supervisor window (``python -m agent supervisor``): the live board, raised hands,
callbacks and reports."""
