"""Test-suite settings: hypothesis profiles that never flake on a shared 2-core machine."""

import os

from hypothesis import HealthCheck, settings

# No deadlines anywhere: speed is judged by benchmarks/, never by tests.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
# The nightly fuzz (scripts/fuzz): fresh random examples each night, failures kept in the
# example database so the next run tries them first; bigger than CI's, smaller than thorough's.
settings.register_profile(
    "nightly",
    max_examples=int(os.environ.get("ORDERCORE_FUZZ_EXAMPLES", "300")),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
