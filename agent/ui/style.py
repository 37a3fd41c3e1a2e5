"""The window's stylesheet: calm colours, clear states (ringing, hold levels, focused reply).

Pure data; applied once on the GUI thread.
"""

from __future__ import annotations

STYLESHEET = """
QLabel#panelTitle { font-weight: bold; font-size: 11pt; color: #263238; }
QLabel#articleTitle { font-weight: bold; font-size: 13pt; color: #1a2a3a; padding: 2px 0; }
QLabel#sectionHeading { font-weight: bold; color: #455a64; margin-top: 4px; }
QLabel#searchStatus, QLabel#saveState { color: #546e7a; }
QLabel#emptyHint { color: #607d8b; font-size: 11pt; padding: 24px; }
QLabel#emptyListHint { color: #607d8b; padding: 8px; }
QFrame#subForm { background: #f7f9fa; border: 1px solid #d5dde2; border-radius: 4px; }
QCheckBox#formToggle { font-weight: bold; margin-top: 4px; }
QLabel#lockedNote { color: #546e7a; font-style: italic; }
QLabel#noteHeader { font-weight: bold; color: #263238; }
QLabel#callMessage { color: #8a1c14; }
QLabel#callMessage[level="ok"] { color: #1e6b2c; }
QLineEdit#searchField { font-size: 12pt; padding: 4px 6px; }

QFrame#holdBanner { border-radius: 4px; background: #e3f2fd; border: 1px solid #90caf9; }
QFrame#holdBanner[level="warn"] { background: #fff3cd; border: 1px solid #f0ad4e; }
QFrame#holdBanner[level="alarm"] { background: #c62828; border: 2px solid #8e0000; }
QFrame#holdBanner QLabel { font-weight: bold; color: #0d47a1; }
QFrame#holdBanner[level="warn"] QLabel { color: #7a4b00; }
QFrame#holdBanner[level="alarm"] QLabel { color: white; }

QFrame#ringNotice { background: #fff4e0; border: 2px solid #f0a020; border-radius: 6px; }
QLabel#ringTitle { font-weight: bold; font-size: 12pt; color: #5a3b00; }
QLabel#ringDetail { color: #5a3b00; padding-left: 6px; }

QFrame#replyCard { background: #ffffff; border: 1px solid #cfd8dc; border-radius: 5px; }
QFrame#replyCard[missing="true"] { border-left: 4px solid #f0ad4e; }
QFrame#replyCard[focused="true"] { border: 2px solid #1e88e5; background: #f3f8ff; }
QLabel#replyNumber { color: #78909c; font-weight: bold; }

QPushButton#answerButton:enabled { background: #2e7d32; color: white; font-weight: bold; }
QPushButton#muteButton:checked { background: #ffb300; color: #3e2723; font-weight: bold;
                                 border: 2px solid #e65100; }
QPushButton#hangupButton:enabled { background: #c62828; color: white; font-weight: bold; }
QPushButton#actionButton { padding: 4px 10px; }
QPushButton#actionButton[actionType="transfer"] { color: #0b4a8b; }
QPushButton#linkButton { color: #1565c0; text-decoration: underline; border: none; }
QToolButton#agentState { font-weight: bold; padding: 0 6px; }
QToolButton#missedCalls { color: #a11b12; font-weight: bold; padding: 0 4px; }
QToolButton#dndButton:checked { background: #a11b12; color: white; font-weight: bold; }
QLabel#helpAnswer { font-weight: bold; color: #0d47a1; background: #e3f2fd; padding: 1px 6px;
                    border-radius: 3px; }
QLabel#helpAnswer[level="warn"] { color: #7a4b00; background: #fff3cd; }
"""
