"""Sufler agent desktop: the operator's window, the phone engine and call notes."""
