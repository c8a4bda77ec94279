"""Sweeps on Slurm: a cluster file becomes dask-jobqueue's SLURMCluster and its job script (no Slurm here)."""

from __future__ import annotations

import pytest

from experiments.cluster import ClusterFile, build_slurm_cluster, load_cluster_file
from experiments.store import SweepError
from tests.conftest import ROOT
from tests.test_sweep import wijksim_sweep, write_spec

EXAMPLE = ROOT / "experiments" / "slurm_cluster.toml"


def test_the_example_cluster_file_builds_a_slurm_cluster_and_its_job_script():
    config = load_cluster_file(EXAMPLE)
    assert (config.jobs, config.minimum, config.maximum) == (None, 1, 10)
    assert config.workers == 40  # up to 10 jobs of 4 worker processes
    cluster = build_slurm_cluster(config)  # starts a scheduler here; submits nothing
    try:
        script = cluster.job_script()
        assert len(cluster.workers) == 0
    finally:
        cluster.close()
    lines = script.splitlines()
    for directive in ("-A my_project", "-p normal", "--cpus-per-task=4", "-t 02:00:00", "--mem=8G"):
        assert f"#SBATCH {directive}" in lines, directive
    assert "#SBATCH --output=dask-worker-%j.out" in lines
    assert "source ~/wijksim/.venv/bin/activate" in lines
    worker = next(line for line in lines if "distributed.cli.dask_worker" in line)
    assert "--nworkers 4" in worker and "--nthreads 1" in worker
    assert "--lifetime 115m --lifetime-stagger 4m" in worker


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[slurm]\nqueu = "normal"\n',
            "slurm.queu: not an argument of dask-jobqueue's SLURMCluster; did you mean 'queue'?",
        ),
        ('[slurm]\nqueue = "normal"\n[jobs]\ncount = 0\n', "[jobs] is count = N"),
        ('[slurm]\nqueue = "normal"\n[jobs]\nminimum = 5\nmaximum = 2\n', "0 <= minimum <= maximum"),
        ('[cluster]\nqueue = "normal"\n', "unknown: cluster"),
        ("[slurm\n", "not valid TOML"),
    ],
)
def test_a_bad_cluster_file_names_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "cluster.toml"
    path.write_text(text)
    with pytest.raises(SweepError) as caught:
        load_cluster_file(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_count_keeps_that_many_jobs():
    config = ClusterFile(EXAMPLE, {"processes": 2}, jobs=3)
    assert config.workers == 6


def test_the_command_line_refuses_a_bad_cluster_file_before_starting(tmp_path):
    spec = write_spec(tmp_path)
    bad = tmp_path / "cluster.toml"
    bad.write_text('[slurm]\nwalltme = "01:00:00"\n')
    done = wijksim_sweep(str(spec), "--cluster", str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "slurm.walltme" in done.stderr and "did you mean 'walltime'?" in done.stderr
    assert not (tmp_path / "out").exists()
