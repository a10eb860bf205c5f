"""Where the tasks of a batch run (policydiff.batch.engines): this process, local worker
processes or a Dask cluster, each yielding (job, result) for the same jobs."""

from __future__ import annotations

import sys

import pytest

from policydiff.batch.engines import InProcess, LocalPool, make_engine
from policydiff.batch.tasks import Job
from policydiff.errors import EngineUnavailable

from .builders import ADOPTION


def test_one_job_at_a_time_runs_in_this_process_and_more_in_a_pool() -> None:
    assert isinstance(make_engine("local", 1, None, None), InProcess)
    pool = make_engine("local", 3, None, None)
    try:
        assert isinstance(pool, LocalPool) and pool.width == 3
    finally:
        pool.close()


def test_in_process_yields_each_job_with_its_result_in_order(tmp_path) -> None:
    jobs = [Job("describe", (name,), str(ADOPTION), str(tmp_path), "", None, "")
            for name in ("2023-07-20.md", "2019-03-02.md")]
    engine = make_engine("local", 1, None, None)
    ran = list(engine.run(jobs))
    engine.close()
    assert [job for job, _ in ran] == jobs
    # The 2023 text was last revised 2023年7月20日; the 2019 file's front matter ends in 1999年5月25日.
    assert [result["document"]["date"] for _, result in ran] == ["2023-07-20", "1999-05-25"]


def test_the_dask_engine_without_dask_installed_says_how_to_get_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: importing it fails
    with pytest.raises(EngineUnavailable) as caught:
        make_engine("dask", 2, None, None)
    assert caught.value.code == "E401" and "policydiff[dask]" in caught.value.fix
