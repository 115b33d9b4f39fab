"""The bench's ceiling on the throughput speed-up: what the cores allow at the CPU a request costs under load."""

import pytest

from evals.benchmarks.cpu_per_request import Phase, speedup_ceiling


def test_one_client_keeping_one_core_busy_allows_at_most_the_core_count_as_speed_up() -> None:
    single = Phase(clients=1, per_second=50.0, cpu_ms={"gateway": 12.0, "retrieval": 8.0})
    many = Phase(clients=20, per_second=90.0, cpu_ms={"gateway": 12.0, "retrieval": 8.0})

    assert single.cores_busy == pytest.approx(1.0)
    assert speedup_ceiling(single, many, cores=2) == pytest.approx(2.0)


def test_cheaper_requests_under_load_raise_the_ceiling_and_a_faster_single_client_lowers_it() -> None:
    single = Phase(clients=1, per_second=50.0, cpu_ms={"gateway": 20.0})
    cheaper = Phase(clients=20, per_second=90.0, cpu_ms={"gateway": 10.0})
    faster = Phase(clients=1, per_second=100.0, cpu_ms={"gateway": 10.0})

    assert speedup_ceiling(single, cheaper, cores=2) == pytest.approx(4.0)
    assert speedup_ceiling(faster, cheaper, cores=2) == pytest.approx(2.0)
    assert cheaper.total_ms == pytest.approx(10.0)
