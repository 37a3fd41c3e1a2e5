"""The desk's words for the engine's problem codes: one for every code, in English and Russian,
built from the code and its params (never from the engine's English text)."""

from __future__ import annotations

import os
import signal
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import QCoreApplication, QTranslator

from agent.phone.protocol import (
    PROBLEM_PARAMS,
    Call,
    CallState,
    Direction,
    ErrorEvent,
    Problem,
    RegistrationEvent,
    RegistrationState,
    TransferEvent,
    TransferKind,
)
from agent.ui.problems import CONTEXT, TEXTS, placeholders, problem_text
from tests.ui.helpers import type_text

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "assets" / "translations"
CODES = [problem for problem in Problem if problem is not Problem.NONE]


def russian_problems() -> dict[str, str]:
    """English source → finished Russian translation, context ``Problems`` of the ``.ts``."""
    found = {}
    for context in ET.parse(TRANSLATIONS / "sufler_ru.ts").getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[message.findtext("source") or ""] = translation.text
    return found


@pytest.fixture
def russian(qapp: Any) -> Iterator[None]:
    from agent.ui.i18n import install_translators

    install_translators(qapp, "ru")
    yield
    install_translators(qapp, "en")


@pytest.mark.parametrize("problem", CODES, ids=[p.value for p in CODES])
def test_every_problem_code_has_a_desk_message_in_english_and_russian(problem: Problem) -> None:
    english = TEXTS[problem]
    allowed = {"message"} if problem is Problem.UNKNOWN else set(PROBLEM_PARAMS.get(problem, ()))
    assert placeholders(english) <= allowed, "the sentence uses a value the engine never sends"
    russian = russian_problems().get(english)
    assert russian, f"no Russian translation for {english!r}"
    assert russian != english
    assert placeholders(russian) == placeholders(english)


def test_the_built_russian_catalogue_carries_every_problem_message(russian: None) -> None:
    assert QTranslator().load(str(TRANSLATIONS / "sufler_ru.qm")), "run `make translations`"
    catalogue = russian_problems()
    missing = [TEXTS[p] for p in CODES
               if QCoreApplication.translate(CONTEXT, TEXTS[p]) != catalogue.get(TEXTS[p])]
    assert missing == []


def test_the_sentence_is_built_from_the_code_and_its_params(russian: None) -> None:
    text = problem_text(Problem.UNROUTABLE_TARGET, {"target": "1234"},
                        "'1234' is not a SIP URI and no server is configured")
    assert text.startswith("«\u20681234\u2069» — не SIP-адрес, а SIP-сервер не задан")
    assert "configured" not in text
    assert problem_text(Problem.BUSY, {"code": "486", "reason": "Busy Here"}) == \
        "занято (\u2068486\u2069 \u2068Busy Here\u2069)"
    # No SIP answer at all: no empty brackets; a value on one line, bounded.
    assert problem_text(Problem.UNREACHABLE, {"code": "", "reason": ""}) == "недоступен"
    long = problem_text(Problem.DIAL_FAILED, {"target": "a\nb", "detail": "x" * 500})
    assert "\n" not in long and len(long) < 200


def test_an_older_or_newer_engines_error_falls_back_to_its_own_text(russian: None) -> None:
    assert problem_text(Problem.NONE, {}, "hold failed:\nbusy") == "hold failed: busy"
    newer = problem_text(Problem.UNKNOWN, {"phase": "new"}, "the moon is down")
    assert newer == "Телефон сообщил о сбое: \u2068the moon is down\u2069"


def plain(text: str) -> str:
    """``text`` without its bidi isolates (the app wraps every value it quotes in one)."""
    return text.replace("\u2068", "").replace("\u2069", "")


def call_to(number: str, **fields: Any) -> Call:
    fields.setdefault("state", CallState.DISCONNECTED)
    return Call(call=1, direction=Direction.OUT, remote_uri=f"sip:{number}@pbx",
                caller_id=number, **fields)


def test_the_russian_desk_tells_a_coded_error_and_a_failed_call_in_russian(
        qtbot: Any, make_desktop: Any) -> None:
    """The engine's English never reaches the Russian operator: the status bar and the call
    panel show the sentence built from the code."""
    desktop = make_desktop({"ui.language": "ru"})
    window, phone = desktop.window, desktop.phone
    panel = window.call_panel
    with qtbot.waitSignal(phone.error_reported, timeout=5000) as told:
        phone.on_error_reported(ErrorEvent(
            message="all lines are busy", command="dial", problem=Problem.LINES_BUSY))
    assert told.args == ["Все линии заняты: сначала завершите или переведите звонок."]
    assert panel.message.text() == told.args[0]
    assert panel.message.property("level") == "error"

    ringing = call_to("2000", state=CallState.CALLING)
    phone.on_call_changed(ringing)
    phone.on_call_changed(call_to("2000", code=404, reason="Not Found",
                                  problem=Problem.NOT_FOUND,
                                  params={"code": "404", "reason": "Not Found"}))
    assert panel.message.text() == ("Звонок не состоялся (\u20682000\u2069): "
                                    "не найден (\u2068404\u2069 \u2068Not Found\u2069).")
    shots = os.environ.get("SUFLER_PROBLEM_SHOTS")
    if shots:
        qtbot.wait(300)
        window.grab().save(str(Path(shots) / "desk-ru-call-not-found.png"))


def test_the_russian_desk_explains_a_real_busy_callee_from_the_engines_code(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    """Real engines: the callee is not ready (it answers 486); the desk's own engine reports the
    call's end with the code ``busy``, and the operator reads it in Russian."""
    callee = peer_factory("--wrap-up", "0")
    callee.send("state not-ready Lunch")
    callee.wait_for(lambda e: e.get("event") == "agent_state" and e["state"] == "not-ready")
    desktop = make_desktop({"ui.language": "ru"}, start_phone=True)
    qtbot.waitUntil(lambda: desktop.phone.engine_running, timeout=30000)
    panel = desktop.window.call_panel
    type_text(panel.dial_field, callee.uri("busyone"))
    panel.on_dial_clicked()
    qtbot.waitUntil(lambda: "занято" in panel.message.text(), timeout=20000)
    assert panel.message.text().startswith("Звонок не состоялся (")
    assert "486" in panel.message.text()
    shots = os.environ.get("SUFLER_PROBLEM_SHOTS")
    if shots:
        qtbot.wait(300)  # let the layout make room for the message first
        desktop.window.grab().save(str(Path(shots) / "desk-ru-callee-busy.png"))


def test_the_russian_desk_says_why_the_phone_engine_stopped(
        qtbot: Any, make_desktop: Any) -> None:
    """A killed engine: the status bar's reason is the Russian phrase for ``engine-crashed``."""
    desktop = make_desktop({"ui.language": "ru"}, start_phone=True)
    phone = desktop.phone
    qtbot.waitUntil(lambda: phone.engine_running, timeout=30000)
    assert phone.client is not None
    with qtbot.waitSignal(phone.engine_changed, timeout=15000,
                          check_params_cb=lambda running, _reason: not running) as stopped:
        os.kill(phone.client.process_id(), signal.SIGKILL)
    assert stopped.args[1] == "аварийно завершился; перезапускаем"
    assert desktop.window.status.registration.text() == \
        "Телефонный модуль остановлен: аварийно завершился; перезапускаем"
    qtbot.waitUntil(lambda: phone.engine_running, timeout=30000)  # and it comes back


def test_the_russian_desk_words_a_failed_registration_and_transfer_from_their_codes(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"}, start_phone=True)
    phone, status, panel = desktop.phone, desktop.window.status, desktop.window.call_panel
    qtbot.waitUntil(lambda: phone.engine_running, timeout=30000)
    phone.on_registration_changed(RegistrationEvent(
        account="default", state=RegistrationState.FAILED, code=403,
        reason="authentication failed: Forbidden", problem=Problem.AUTH_FAILED,
        params={"code": "403", "reason": "Forbidden"}))
    assert plain(status.registration.text()) == (
        "Ошибка регистрации: неверное имя пользователя или пароль (403 Forbidden)")
    with qtbot.waitSignal(desktop.actions.transfer_reported, timeout=5000):
        desktop.actions.on_transfer_reported(TransferEvent(
            call=7, kind=TransferKind.BLIND, code=408, final=True, ok=False,
            reason="no final answer to the transfer within 30 s; the call is still up",
            problem=Problem.TRANSFER_TIMEOUT, params={"seconds": "30"}))
    assert plain(panel.message.text()) == ("Перевод не удался (другой номер): нет "
                                           "окончательного ответа за 30 с. Звонок остаётся у вас.")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_transfer_the_caller_may_have_completed_is_not_called_failed(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    """A transferee that holds us and never sends a final NOTIFY we can parse (linphonec) is
    most likely talking to the target: the operator reads "not confirmed" and what to do, not
    "failed" (which sends them back to a caller who is gone)."""
    from agent.phone.protocol import TransferEvent, TransferKind

    desktop = make_desktop({"ui.language": lang})
    panel = desktop.window.call_panel
    desktop.actions.on_transfer_reported(TransferEvent(
        call=7, kind=TransferKind.BLIND, code=0, reason="", final=True, ok=False,
        problem=Problem.TRANSFER_TIMEOUT_HELD, params={"seconds": "30"}))
    text = plain(panel.message.text())
    assert "F10" in text and "30" in text
    assert ("not confirmed" in text) if lang == "en" else ("не подтверждён" in text)
    assert "failed" not in text and "не удался" not in text
    desktop.actions.on_transfer_reported(TransferEvent(
        call=7, kind=TransferKind.BLIND, code=486, reason="Busy Here", final=True, ok=False,
        problem=Problem.BUSY, params={"code": "486", "reason": "Busy Here"}))
    assert ("failed" in panel.message.text()) if lang == "en" \
        else ("не удался" in panel.message.text())


def test_the_ring_notice_says_answering_holds_only_a_call_someone_talks_on(
        qtbot: Any, make_desktop: Any) -> None:
    """With the only other call already on hold, answering holds nobody: the notice must not
    say it will (it did, and operators hesitated to answer)."""
    from agent.phone.protocol import HoldState

    desktop = make_desktop({"ui.language": "en"})
    phone, notice = desktop.phone, desktop.window.ring_notice
    talking = Call(call=1, direction=Direction.IN, remote_uri="sip:1001@pbx", caller_id="1001",
                   state=CallState.CONFIRMED)
    phone.on_call_changed(talking)
    phone.on_call_changed(Call(call=2, direction=Direction.IN, remote_uri="sip:1002@pbx",
                               caller_id="1002", state=CallState.INCOMING))
    assert "holds the current call" in notice.detail.text()
    phone.on_call_changed(Call(call=1, direction=Direction.IN, remote_uri="sip:1001@pbx",
                               caller_id="1001", state=CallState.CONFIRMED,
                               hold=HoldState.LOCAL))
    assert "holds the current call" not in notice.detail.text()
    assert "stays on hold" in notice.detail.text()
