"""The operator's desktop (PyQt6): the only package that imports QtWidgets/QtGui."""
