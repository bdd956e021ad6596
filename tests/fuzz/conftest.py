"""Hypothesis profiles for the fuzz tests.

``ci`` (the default) is derandomized: the same examples on every run, few enough that the fuzz
tests add under a minute on two cores. ``long`` (``HYPOTHESIS_PROFILE=long``) tries many more,
from a fresh seed each run. Only the fuzz tests read them (see ``harness.fuzz_settings``): the
other property tests keep their own settings.
"""

from __future__ import annotations

# Imported here, on the main thread: Hypothesis draws examples in a worker thread while the
# bot may draw a /stats chart in another, and two threads importing numpy at once can see it
# half initialised.
import matplotlib.figure  # noqa: F401
import numpy  # noqa: F401
from hypothesis import HealthCheck, settings

# Examples per test; each example is up to three updates from the sender.
CI_EXAMPLES = 12
LONG_EXAMPLES = 400

_COMMON = settings(
    # An example is several updates through a real database: seconds, not milliseconds.
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Examples replay against a world that has moved on, so saved failures would mislead.
    database=None,
)
settings.register_profile("ci", _COMMON, derandomize=True, max_examples=CI_EXAMPLES)
settings.register_profile("long", _COMMON, max_examples=LONG_EXAMPLES)
