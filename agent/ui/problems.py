"""The desk's sentence for each :class:`~agent.phone.protocol.Problem` the phone engine reports.

The engine sends a stable code and the values its sentence needs (``params``); the sentence is
built here, in the operator's language (context ``Problems`` of the Qt catalogue), never from
the engine's English ``message``. Codes of the engine's own failures read as whole sentences;
codes of a far end's answer (:data:`ANSWER_PROBLEMS`) read as a phrase the caller puts in its
own sentence ("Transfer to … failed: busy (486 Busy Here)").

Thread rule: GUI thread (it reads the installed translators).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from agent.phone.protocol import Problem
from agent.ui.content import isolate, one_line

CONTEXT = "Problems"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)")
_SPACES = re.compile(r"(?<=\()\s+|\s+(?=\))| (?= )")

# Source texts (English); ``{name}`` is a ``params`` value of the code (``{message}``: the
# engine's English text, only for a code this desk does not know).
TEXTS: dict[Problem, str] = {
    Problem.UNKNOWN: QT_TRANSLATE_NOOP("Problems", "The phone reported a problem: {message}"),
    Problem.BAD_COMMAND: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine did not understand a command: {detail}"),
    Problem.UNROUTABLE_TARGET: QT_TRANSLATE_NOOP(
        "Problems", "“{target}” is not a SIP address and no SIP server is set: type "
        "sip:user@host, or set the SIP server in the settings (Ctrl+,)."),
    Problem.LINES_BUSY: QT_TRANSLATE_NOOP(
        "Problems", "All lines are busy: end or transfer a call first."),
    Problem.DIAL_FAILED: QT_TRANSLATE_NOOP("Problems", "Cannot call {target}: {detail}"),
    Problem.NO_CALL: QT_TRANSLATE_NOOP("Problems", "There is no call."),
    Problem.NO_SUCH_CALL: QT_TRANSLATE_NOOP("Problems", "Call {call} no longer exists."),
    Problem.CALL_GONE: QT_TRANSLATE_NOOP("Problems", "Call {call} has already ended."),
    Problem.CALL_NOT_CONNECTED: QT_TRANSLATE_NOOP(
        "Problems", "Call {call} is not connected yet."),
    Problem.CALL_NOT_RINGING: QT_TRANSLATE_NOOP("Problems", "Call {call} is no longer ringing."),
    Problem.NO_CALL_RINGING: QT_TRANSLATE_NOOP("Problems", "No call is ringing."),
    Problem.CALL_NOT_HELD: QT_TRANSLATE_NOOP("Problems", "Call {call} is not on hold."),
    Problem.CALL_ALREADY_HELD: QT_TRANSLATE_NOOP("Problems", "Call {call} is already on hold."),
    Problem.NO_CALL_HELD: QT_TRANSLATE_NOOP("Problems", "No call is on hold."),
    Problem.HOLD_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "Call {call} could not be put on hold ({detail}). Try again."),
    Problem.RESUME_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "Call {call} could not be taken off hold ({detail}). Try again."),
    Problem.NO_ACTIVE_CALL: QT_TRANSLATE_NOOP("Problems", "There is no call in conversation."),
    Problem.NO_OTHER_CALL: QT_TRANSLATE_NOOP("Problems", "There is no other connected call."),
    Problem.SAME_CALL: QT_TRANSLATE_NOOP("Problems", "Call {call} cannot be paired with itself."),
    Problem.NAME_THE_CALL: QT_TRANSLATE_NOOP(
        "Problems", "{count} calls are up: choose the call first."),
    Problem.IN_CONFERENCE: QT_TRANSLATE_NOOP(
        "Problems", "The calls are in a conference: hold or hang up one of them first."),
    Problem.NO_TELEPHONE_EVENT: QT_TRANSLATE_NOOP(
        "Problems", "This call cannot carry key tones (no RFC 2833 telephone-event)."),
    Problem.NO_QUEUE_CODE: QT_TRANSLATE_NOOP(
        "Problems", "No PBX queue code is set for “{action}”: ask IT to set it."),
    Problem.NO_CONSULTATION: QT_TRANSLATE_NOOP(
        "Problems", "There is no consultation call to complete or cancel."),
    Problem.CONSULT_NOT_ANSWERED: QT_TRANSLATE_NOOP(
        "Problems", "The consultation call is not answered yet."),
    Problem.CONSULT_LEG_GONE: QT_TRANSLATE_NOOP(
        "Problems", "One of the consultation calls has ended."),
    Problem.TRANSFER_NOT_SENT: QT_TRANSLATE_NOOP(
        "Problems", "The transfer of call {call} could not be sent: {detail}"),
    Problem.NO_SUCH_RECORDING: QT_TRANSLATE_NOOP(
        "Problems", "The recording “{file}” is not installed."),
    Problem.NOT_A_PROMPT: QT_TRANSLATE_NOOP(
        "Problems", "“{file}” is not one of the installed recordings: only those can be "
        "played into a call."),
    Problem.NO_CALL_AUDIO: QT_TRANSLATE_NOOP("Problems", "Call {call} has no audio yet."),
    Problem.SOUND_DEVICE_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "The sound devices cannot be opened: {detail}"),
    Problem.SOUND_DEVICE_FALLBACK: QT_TRANSLATE_NOOP(
        "Problems", "The sound device {device} cannot be used ({detail}); the system default "
        "is used instead."),
    Problem.AUDIO_BRIDGE_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Problems", "No sound: the audio bridge is unavailable ({detail})."),
    Problem.NO_ACCOUNT: QT_TRANSLATE_NOOP(
        "Problems", "No SIP account is set: fill in the SIP server and user in the settings "
        "(Ctrl+,)."),
    Problem.UNKNOWN_TRANSPORT: QT_TRANSLATE_NOOP(
        "Problems", "Unknown SIP transport “{transport}”: choose UDP, TCP or TLS in the "
        "settings (Ctrl+,)."),
    Problem.TRANSPORT_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "The {transport} connection for SIP cannot be opened: {detail}"),
    Problem.ACCOUNT_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "The SIP account cannot be set up: {detail}"),
    Problem.NO_PASSWORD: QT_TRANSLATE_NOOP(
        "Problems", "No SIP password is saved for {account}: enter it in the settings "
        "(Ctrl+,)."),
    Problem.SIP_START_FAILED: QT_TRANSLATE_NOOP("Problems", "SIP cannot start: {detail}"),
    Problem.SIP_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "The phone could not do “{command}”: {detail}"),
    Problem.INTERNAL: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine failed inside ({detail}); tell IT if it happens again."),
    Problem.NOT_FOUND: QT_TRANSLATE_NOOP("Problems", "not found ({code} {reason})"),
    Problem.BUSY: QT_TRANSLATE_NOOP("Problems", "busy ({code} {reason})"),
    Problem.NO_ANSWER: QT_TRANSLATE_NOOP("Problems", "no answer ({code} {reason})"),
    Problem.DECLINED: QT_TRANSLATE_NOOP("Problems", "declined ({code} {reason})"),
    Problem.UNREACHABLE: QT_TRANSLATE_NOOP("Problems", "cannot be reached ({code} {reason})"),
    Problem.AUTH_FAILED: QT_TRANSLATE_NOOP(
        "Problems", "wrong user name or password ({code} {reason})"),
    Problem.SIP_STATUS: QT_TRANSLATE_NOOP("Problems", "refused ({code} {reason})"),
    Problem.NO_AUDIO: QT_TRANSLATE_NOOP(
        "Problems", "no sound from the other side for {seconds} s"),
    Problem.PEER_GONE: QT_TRANSLATE_NOOP(
        "Problems", "the other side stopped answering ({code} {reason})"),
    Problem.TRANSFER_TIMEOUT: QT_TRANSLATE_NOOP(
        "Problems", "no final answer within {seconds} s"),
    Problem.TRANSFER_TIMEOUT_HELD: QT_TRANSLATE_NOOP(
        "Problems", "no final answer within {seconds} s, and the other side holds the call: "
        "it may have reached the target"),
    Problem.CALL_ENDED_BEFORE_TRANSFER: QT_TRANSLATE_NOOP(
        "Problems", "the call ended before the transfer was confirmed"),
    Problem.ENGINE_NOT_RUNNING: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine is not running."),
    Problem.ENGINE_FAILED_TO_START: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine cannot start ({program}); tell IT."),
    Problem.EVENT_NOT_UNDERSTOOD: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine sent something this desk does not understand "
        "({detail})."),
    Problem.PROTOCOL_MISMATCH: QT_TRANSLATE_NOOP(
        "Problems", "The phone engine is another version (protocol {version}, expected "
        "{expected}); tell IT."),
    Problem.ENGINE_STOPPED: QT_TRANSLATE_NOOP("Problems", "on request"),
    Problem.ENGINE_CRASHED: QT_TRANSLATE_NOOP("Problems", "it crashed; restarting"),
    Problem.ENGINE_EXITED: QT_TRANSLATE_NOOP(
        "Problems", "it exited (code {code}); restarting"),
    Problem.ENGINE_DID_NOT_START: QT_TRANSLATE_NOOP(
        "Problems", "it did not start (code {code}); trying again"),
}

# A far end's answer: a phrase for the caller's own sentence, not a sentence.
ANSWER_PROBLEMS = frozenset({
    Problem.NOT_FOUND, Problem.BUSY, Problem.NO_ANSWER, Problem.DECLINED, Problem.UNREACHABLE,
    Problem.AUTH_FAILED, Problem.SIP_STATUS, Problem.NO_AUDIO, Problem.PEER_GONE,
    Problem.TRANSFER_TIMEOUT, Problem.TRANSFER_TIMEOUT_HELD, Problem.CALL_ENDED_BEFORE_TRANSFER,
    Problem.ENGINE_STOPPED, Problem.ENGINE_CRASHED, Problem.ENGINE_EXITED,
    Problem.ENGINE_DID_NOT_START,
})


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a source text or its translation."""
    return set(_PLACEHOLDER.findall(text))


def problem_text(problem: Problem, params: Mapping[str, str], message: str = "") -> str:
    """The operator's words for ``problem`` (the engine's ``message`` only for a code with no
    text here: an older engine's error, or a newer engine's code)."""
    source = TEXTS.get(problem)
    if source is None or problem is Problem.UNKNOWN:
        if problem is Problem.NONE or not message:
            return one_line(message, 300)
        source = TEXTS[Problem.UNKNOWN]
    values = {**params, "message": message}

    def fill(match: re.Match[str]) -> str:
        value = one_line(str(values.get(match.group(1), "")), 120)
        return isolate(value) if value else ""

    text = _PLACEHOLDER.sub(fill, QCoreApplication.translate(CONTEXT, source))
    return _EMPTY_BRACKETS.sub("", _SPACES.sub("", text)).strip()
