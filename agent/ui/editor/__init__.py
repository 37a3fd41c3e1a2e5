"""The KB editor's window and its widgets (``python -m agent editor``)."""
