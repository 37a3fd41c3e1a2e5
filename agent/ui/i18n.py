"""Language of the window: the system locale unless ``ui.language`` overrides it.

Loads Sufler's catalogue (``assets/translations/sufler_<lang>.qm``) and Qt's own (``qtbase_<lang>``)
so that standard buttons and dialogs match. Thread rule: call on the GUI thread before any widget
is created.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kb.paths import assets_dir

log = logging.getLogger(__name__)

SUPPORTED = ("ru", "en")
_installed: list[QTranslator] = []
# The default not-ready reasons (``agent.not_ready_reasons``), so that they are shown translated;
# IT's own reasons are shown as set. The engine, the notes and the hub get the English keys.
DEFAULT_REASONS = (
    QT_TRANSLATE_NOOP("Reasons", "Break"),
    QT_TRANSLATE_NOOP("Reasons", "Lunch"),
    QT_TRANSLATE_NOOP("Reasons", "Training"),
    QT_TRANSLATE_NOOP("Reasons", "Meeting"),
)


def reason_text(reason: str) -> str:
    """A not-ready reason as the operator reads it."""
    return QCoreApplication.translate("Reasons", reason) if reason in DEFAULT_REASONS else reason


def reason_key(text: str) -> str:
    """The reason :func:`reason_text` shows as ``text``: a translated default gives its key."""
    for reason in DEFAULT_REASONS:
        if text == reason_text(reason):
            return reason
    return text


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """``ru`` or ``en``: the setting if explicit, else the system locale (Russian-first)."""
    if setting in SUPPORTED:
        return setting
    name = (system or QLocale.system()).name().split("_", 1)[0]
    return name if name in SUPPORTED else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the catalogues for ``language`` (replacing earlier ones); returns them."""
    while _installed:
        app.removeTranslator(_installed.pop())
    installed = _installed
    QLocale.setDefault(QLocale(QLocale.Language.Russian if language == "ru"
                               else QLocale.Language.English))
    sufler = QTranslator(app)  # for English only the plural forms ("1 result", "2 results")
    path = assets_dir() / "translations" / f"sufler_{language}.qm"
    if sufler.load(str(path)):
        app.installTranslator(sufler)
        installed.append(sufler)
    else:
        log.warning("no translation catalogue at %s (run `make translations`)", path)
    if language == "en":
        return list(installed)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return list(installed)
