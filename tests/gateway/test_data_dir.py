"""Everything Relayboard reads or writes by default lives under RELAYBOARD_DATA_DIR, wherever it is started."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evals.harness.processes import system_environment
from graph.settings import SystemSettings
from tools.settings import SqlSettings, StoreSettings


def test_every_default_path_resolves_under_the_data_dir_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(data_dir))

    assert Path(SqlSettings().database) == data_dir / "chinook.sqlite"
    assert StoreSettings().edge_path == data_dir / "qdrant" / "docs"
    assert SystemSettings().checkpoint_path == data_dir / "threads.sqlite"
    assert SystemSettings().data_dir == StoreSettings().data_dir == SqlSettings().data_dir == data_dir


def test_an_explicit_database_still_wins_over_the_data_dir_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", "/srv/relayboard")
    monkeypatch.setenv("RELAYBOARD_SQL_DATABASE", "postgresql://reader@db/chinook")
    assert SqlSettings().database == "postgresql://reader@db/chinook"


@pytest.mark.e2e
def test_demo_data_builds_the_database_and_collection_in_the_data_dir(tmp_path: Path, chinook_sdist: Path) -> None:
    data_dir, elsewhere, docs = tmp_path / "data", tmp_path / "elsewhere", tmp_path / "docs"
    elsewhere.mkdir()
    docs.mkdir()
    (docs / "ops.md").write_text("# Operations\n\nThe gateway restarts nightly.\n")
    (data_dir / "downloads").mkdir(parents=True)
    shutil.copy(chinook_sdist, data_dir / "downloads")  # the same sdist, so the test needs no package index
    env = system_environment(data_dir)  # RELAYBOARD_SQL_DATABASE unset: its default is what is under test
    assert "RELAYBOARD_SQL_DATABASE" not in env

    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "demo-data", "--docs", str(docs)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"built the Chinook demo database at {data_dir / 'chinook.sqlite'}" in done.stderr
    assert (data_dir / "chinook.sqlite").is_file() and (data_dir / "qdrant" / "docs").is_dir()
    assert list(elsewhere.iterdir()) == []
