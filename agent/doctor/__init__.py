"""``sufler doctor``: the desk's self-test (see :mod:`agent.doctor.checks`)."""
