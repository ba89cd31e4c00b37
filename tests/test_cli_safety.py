"""The CLI as a stranger may call it: arguments never reach git as options, a build never writes
into the project or a folder it does not own, the site is swapped atomically, and every refusal
is one Chinese sentence with exit code 2 — never a traceback."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhidu.cli.sitedir import STAMP, SiteDirError, check_site_dir, recover, swap_in

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]


def commit_all(root: Path, message: str) -> None:
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True)


def refused(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr and run.stderr.strip()
    return run.stderr


# -- zhidu diff: arguments are revisions or folders, never options ----------------------------

def test_diff_argument_that_looks_like_an_option_never_reaches_git(mini, tmp_path):
    commit_all(mini.root, "base")
    victim = tmp_path / "victim.txt"
    victim.write_text("保留的内容", encoding="utf-8")
    for args in (["--", f"--output={victim}"], ["--", "--exec=touch pwned", "HEAD"], ["HEAD", "--", "-o"]):
        stderr = refused(mini.zhidu("diff", *args))
        assert "不是 git 版本" in stderr
    assert victim.read_text(encoding="utf-8") == "保留的内容"
    assert not (mini.root / "pwned").exists()


def test_diff_of_a_commit_holding_a_symlink_out_of_the_registry_is_a_usage_error(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    commit_all(mini.root, "base")
    os.symlink(secret, mini.path("standards/regulations/wu/WU-004.yaml"))
    subprocess.run([*GIT, "add", "-A"], cwd=mini.root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "link"], cwd=mini.root, check=True)
    stderr = refused(mini.zhidu("diff", "HEAD~1", "HEAD"))
    assert "符号链接" in stderr and "hunter2" not in stderr


# -- zhidu build --site-dir: only folders the build owns ------------------------------------

@pytest.mark.parametrize("site_dir", ["standards", "standards/regulations", "schemas", "docs", "scripts",
                                      "tests", ".git", ".", ".."])
def test_site_dir_inside_the_project_is_refused(mini, site_dir):
    (mini.root / ".git").mkdir(exist_ok=True)
    before = sorted(p.relative_to(mini.root) for p in mini.root.rglob("*"))
    stderr = refused(mini.zhidu("build", "--site-dir", site_dir))
    assert "已拒绝" in stderr
    assert sorted(p.relative_to(mini.root) for p in mini.root.rglob("*")) == before


def test_site_dir_below_a_file_or_foreign_folder_is_refused(mini, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert "是一个文件" in refused(mini.zhidu("build", "--site-dir", str(tmp_path / "afile" / "site")))
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "a.jpg").write_bytes(b"jpeg")
    assert "--force" in refused(mini.zhidu("build", "--site-dir", str(foreign)))
    assert (foreign / "a.jpg").read_bytes() == b"jpeg"


def test_an_earlier_site_or_an_empty_folder_is_accepted(mini, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_site_dir(mini.root, empty) == empty
    old = tmp_path / "old"
    old.mkdir()
    (old / STAMP).write_text("", encoding="utf-8")
    (old / "index.html").write_text("", encoding="utf-8")
    assert check_site_dir(mini.root, old) == old
    with pytest.raises(SiteDirError):
        check_site_dir(mini.root, mini.root / "standards")


# -- the swap: at every instant one whole site is in place ----------------------------------

def _site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_swap_replaces_the_site_in_one_step_and_marks_it(tmp_path):
    site = _site(tmp_path / "site", "旧")
    swap_in(_site(tmp_path / ".site.building-1", "新"), site)
    assert (site / "index.html").read_text(encoding="utf-8") == "新" and (site / STAMP).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_next_build_restores_a_site_left_aside_and_removes_leftovers(tmp_path):
    _site(tmp_path / ".site.old-123", "旧")                 # a crash between two renames
    _site(tmp_path / ".site.building-abc", "半成品")        # an interrupted build
    recover(tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "旧"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.build
def test_a_killed_build_leaves_the_old_site_and_no_process_behind(built, tmp_path):
    """Kill `zhidu build` while MkDocs runs: the old site stays; the next build cleans up."""
    import shutil
    root = tmp_path / "p"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("site.zip"), symlinks=True)
    marker = root / "site" / "marker.txt"
    marker.write_text("旧站点", encoding="utf-8")
    (root / ".zhidu/state/documents.json").unlink()        # so that the background documents run
    process = subprocess.Popen([sys.executable, "-m", "zhidu.cli.main", "build"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=False)
    deadline = time.time() + 300
    while not list(root.glob(".site.building-*")) and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert marker.read_text(encoding="utf-8") == "旧站点"
    time.sleep(1)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
    assert alive == [], "a worker outlived the killed build"
    run = subprocess.run([sys.executable, "-m", "zhidu.cli.main", "build"], cwd=root, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not marker.exists() and (root / "site" / STAMP).is_file()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
