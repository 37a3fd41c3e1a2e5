"""Which transaction changes reach the engine as the outcome of a request we sent."""

from __future__ import annotations

import pjsua2 as pj
import pytest

from agent.phone.sip_objects import is_final_answer_to_us

UAC, UAS = pj.PJSIP_ROLE_UAC, pj.PJSIP_ROLE_UAS
CALLING = pj.PJSIP_TSX_STATE_CALLING
PROCEEDING = pj.PJSIP_TSX_STATE_PROCEEDING
COMPLETED = pj.PJSIP_TSX_STATE_COMPLETED
CONFIRMED = pj.PJSIP_TSX_STATE_CONFIRMED
TERMINATED = pj.PJSIP_TSX_STATE_TERMINATED


@pytest.mark.parametrize(
    ("state", "prev"),
    [
        (COMPLETED, PROCEEDING),  # a non-2xx to our INVITE, any answer to our OPTIONS
        (COMPLETED, CALLING),
        (TERMINATED, PROCEEDING),  # a 2xx to our INVITE
        (TERMINATED, CALLING),  # a timeout: no answer at all
    ],
)
def test_the_first_final_state_of_our_request_counts(state: int, prev: int) -> None:
    assert is_final_answer_to_us(UAC, state, prev)


def test_the_same_outcome_is_not_reported_again_when_the_transaction_ends() -> None:
    assert not is_final_answer_to_us(UAC, TERMINATED, COMPLETED)


@pytest.mark.parametrize("state", [COMPLETED, CONFIRMED, TERMINATED])
def test_the_far_ends_request_is_never_the_outcome_of_ours(state: int) -> None:
    """E.g. its re-INVITE that pjsua refused with 491 while our hold was pending."""
    assert not is_final_answer_to_us(UAS, state, PROCEEDING)


@pytest.mark.parametrize("state", [CALLING, PROCEEDING])
def test_provisional_states_do_not_count(state: int) -> None:
    assert not is_final_answer_to_us(UAC, state, CALLING)
