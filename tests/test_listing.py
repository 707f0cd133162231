"""Which files a corpus run reads (cleaner/corpus/listing.py): refusals, rejects, skips."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.corpus import run_corpus
from cleaner.corpus.listing import list_corpus
from cleaner.errors import UsageError
from corpus_inputs import fixture_texts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path):
    """in/ with three articles (one in a subfolder), and a folder beside it."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    texts = fixture_texts(4)
    (src / "a.txt").write_text(texts[0], encoding="utf-8")
    (src / "b.txt").write_text(texts[1], encoding="utf-8")
    (src / "sub" / "c.txt").write_text(texts[2], encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(texts[3], encoding="utf-8")
    return src


def corpus_cli(*args, timeout=180):
    """The CLI in a child process, with a timeout: a run that blocks fails the test, not CI."""
    return subprocess.run([sys.executable, "-m", "cleaner", "corpus", *map(str, args), "-j", "0", "--no-progress"],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def results(out: Path):
    stats = json.loads((out / "stats.json").read_text())
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    ids = sorted(json.loads(line)["id"] for p in (out / "shards").iterdir() for line in p.read_text().splitlines())
    return stats, rejects, ids


# --- an output folder apart from the inputs ----------------------------------------------------

@pytest.mark.parametrize("where", ["in/out", "in", "in/sub/deeper/out"])
def test_an_output_folder_inside_an_input_folder_is_refused(tree, capsys, where):
    out = tree.parent / where
    assert main(["corpus", str(tree), "-o", str(out), "-j", "0", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is inside the input folder" in err and "give an output folder outside" in err
    assert not (out / "manifest.jsonl").exists() and not (out / "shards").exists()
    with pytest.raises(UsageError):
        run_corpus([tree], out, workers=0)


def test_an_input_inside_the_output_folder_is_refused(tree, capsys):
    assert main(["corpus", str(tree / "sub"), "-o", str(tree), "-j", "0"]) == 2
    assert "is inside the output folder" in capsys.readouterr().err


def test_an_earlier_runs_output_inside_an_input_folder_is_not_read(tree, tmp_path):
    assert main(["corpus", str(tree), "-o", str(tmp_path / "first"), "-j", "0", "--no-progress"]) == 0
    both = tmp_path / "both"
    both.mkdir()
    (tmp_path / "in").rename(both / "in")
    (tmp_path / "first").rename(both / "first")  # shards/*.jsonl, rejects.jsonl, .work/ ... under an input
    stats, rejects, ids = results_of(both, tmp_path / "second")
    assert stats["inputs"] == 3 and sorted(ids) == ["in/a", "in/b", "in/sub/c"] and rejects == []
    assert stats["skipped"]["output folder of a corpus run"] == {"count": 1, "examples": [str(both / "first")]}


def results_of(src, out):
    assert main(["corpus", str(src), "-o", str(out), "-j", "0", "--no-progress"]) == 0
    return results(out)


# --- each input once ---------------------------------------------------------------------------

@pytest.mark.parametrize("again", [".", "a.txt", "sub"])
def test_the_same_input_given_twice_is_read_once(tree, tmp_path, again):
    out = tmp_path / "out"
    assert main(["corpus", str(tree), str(tree / again), "-o", str(out), "-j", "0", "--no-progress"]) == 0
    stats, rejects, ids = results(out)
    assert stats["inputs"] == stats["records"] == 3 and ids == ["a", "b", "sub/c"]
    assert stats["exact_duplicates"] == 0 and rejects == []
    assert stats["skipped"]["listed twice"]["count"] >= 1


def test_a_file_then_its_folder_is_read_once(tree, tmp_path):
    listing = list_corpus([tree / "a.txt", tree])
    assert [files for _, files, _ in listing.tops] == [[str(tree / "a.txt")],
                                                       [str(tree / "b.txt"), str(tree / "sub" / "c.txt")]]
    assert listing.skipped["listed twice"]["examples"] == [str(tree / "a.txt")]


# --- what is no input: rejects with a reason, or skipped and counted ---------------------------

def test_dangling_links_fifos_and_links_out_of_the_folder_are_rejects(tree, tmp_path):
    (tree / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tree / "pipe.txt")  # opening it would block the run for good
    (tree / "secret.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tree / "elsewhere").symlink_to(tmp_path / "outside")
    out = tmp_path / "out"
    done = corpus_cli(tree, "-o", out)
    assert done.returncode == 0, done.stderr
    stats, rejects, ids = results(out)
    assert ids == ["a", "b", "sub/c"]
    reasons = {r["id"]: r["reason"] for r in rejects}
    assert reasons == {
        "gone.txt": f"dangling symbolic link: {tmp_path / 'nowhere.txt'} does not exist",
        "pipe.txt": "not a regular file: FIFO",
        "secret.txt": f"symbolic link out of the input folder: it points to {tmp_path / 'outside' / 'secret.txt'}"
                      " (--follow-links reads it)",
        "elsewhere": f"symbolic link out of the input folder: it points to {tmp_path / 'outside'}"
                     " (--follow-links reads it)",
    }
    assert stats["inputs"] == 7 and stats["records"] == 3 and stats["rejects"] == 4
    assert stats["reject_reasons"] == {"dangling symbolic link": 1, "not a regular file": 1,
                                       "symbolic link out of the input folder": 2}
    assert all(r["path"].startswith(str(tree)) for r in rejects)


def test_a_fifo_named_on_the_command_line_is_a_reject_too(tree, tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    done = corpus_cli(tmp_path / "pipe.jsonl", tree, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    stats, rejects, _ = results(tmp_path / "out")
    assert [r["reason"] for r in rejects] == ["not a regular file: FIFO"] and stats["inputs"] == 4


def test_files_of_unknown_extensions_are_counted_as_skipped(tree, tmp_path):
    for name in ("notes.md", "photo.jpg", ".DS_Store", "sub/data.csv", "sub/readme"):
        (tree / name).write_text("not an article\n")
    stats, rejects, ids = results_of(tree, tmp_path / "out")
    assert ids == ["a", "b", "sub/c"] and rejects == [] and stats["inputs"] == 3
    assert stats["skipped"] == {"unknown extension": {
        "count": 5, "examples": [str(tree / n) for n in (".DS_Store", "notes.md", "photo.jpg", "sub/data.csv",
                                                         "sub/readme")]}}


def test_a_file_of_unknown_extension_named_itself_is_an_error(tree, capsys):
    (tree / "notes.md").write_text("x\n")
    assert main(["corpus", str(tree / "notes.md"), "-o", str(tree.parent / "out")]) == 1
    assert "not a supported input" in capsys.readouterr().err


# --- symbolic links: inside the folder read once, outside only with --follow-links ------------

def test_a_link_inside_the_folder_is_read_once(tree, tmp_path):
    (tree / "alias.txt").symlink_to("a.txt")
    (tree / "subalias").symlink_to("sub")
    stats, rejects, ids = results_of(tree, tmp_path / "out")
    assert ids == ["a", "b", "sub/c"] and rejects == [] and stats["exact_duplicates"] == 0
    assert stats["skipped"]["listed twice"]["examples"] == [str(tree / "alias.txt")]
    assert stats["skipped"]["symbolic link to a folder inside the input, read where it is"]["count"] == 1


def test_a_link_to_a_file_of_no_input_extension_is_read_by_its_name(tree, tmp_path):
    (tree / "story.dat").write_text(fixture_texts(5)[4], encoding="utf-8")
    (tree / "story.txt").symlink_to("story.dat")
    stats, rejects, ids = results_of(tree, tmp_path / "out")
    assert "story" in ids and stats["skipped"]["unknown extension"]["examples"] == [str(tree / "story.dat")]


def test_follow_links_reads_what_links_point_to_outside(tree, tmp_path):
    (tree / "secret.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tree / "elsewhere").symlink_to(tmp_path / "outside")  # the same file again, by a folder link
    (tree / "loop").symlink_to(tree)                       # walked once, no endless walk
    (tree / "null.txt").symlink_to(os.devnull)
    out = tmp_path / "out"
    done = corpus_cli(tree, "-o", out, "--follow-links")
    assert done.returncode == 0, done.stderr
    stats, rejects, ids = results(out)
    assert ids == ["a", "b", "elsewhere/secret", "sub/c"]  # a file before a link to it
    assert [r["reason"] for r in rejects] == ["not a regular file: character device"]
    assert stats["skipped"]["listed twice"]["count"] == 2  # loop/, and the second way to secret.txt


def test_without_follow_links_a_device_link_is_no_record(tree, tmp_path):
    (tree / "null.txt").symlink_to(os.devnull)
    stats, rejects, ids = results_of(tree, tmp_path / "out")
    assert [r["id"] for r in rejects] == ["null.txt"] and "out of the input folder" in rejects[0]["reason"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_a_reject(tree, tmp_path):
    (tree / "sub").chmod(0)
    try:
        stats, rejects, ids = results_of(tree, tmp_path / "out")
    finally:
        (tree / "sub").chmod(0o755)
    assert ids == ["a", "b"] and [r["reason"].split(":")[0] for r in rejects] == ["unreadable folder"]


def test_a_folder_that_cannot_be_listed_is_a_reject(tree, monkeypatch):
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == tree / "sub":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listing = list_corpus([tree])
    assert listing.tops[0][1] == [str(tree / "a.txt"), str(tree / "b.txt")]
    assert listing.refused == [{"id": "sub", "path": str(tree / "sub"), "offset": 0, "shard": None,
                                "reason": "unreadable folder: PermissionError: Permission denied"}]


def test_learn_sites_refuses_an_output_inside_an_input(tree, capsys):
    assert main(["learn-sites", str(tree), "-o", str(tree / "site-rules")]) == 2
    assert "is inside the input folder" in capsys.readouterr().err and not (tree / "site-rules").exists()


def test_the_summary_line_counts_what_was_skipped(tree, tmp_path):
    (tree / "notes.md").write_text("x\n")
    done = corpus_cli(tree, tree / "a.txt", "-o", tmp_path / "out")
    summary = json.loads(done.stderr.strip().splitlines()[-1])
    assert done.returncode == 0 and summary["inputs"] == 3 and summary["skipped"] == 2


def test_inputs_at_a_url_are_listed_alike(tree, tmp_path):
    """fsspec URLs ("local://" takes the remote code path): other extensions skipped and
    counted, the same URL twice read once, an output URL inside an input URL refused."""
    (tree / "notes.md").write_text("x\n")
    url = f"local://{tree}"
    listing = list_corpus([url, url])
    assert [len(files) for _, files, _ in listing.tops] == [3, 0]
    assert listing.skipped["unknown extension"] == {"count": 1, "examples": [f"local://{tree}/notes.md"]}
    assert listing.skipped["listed twice"]["count"] == 4
    with pytest.raises(UsageError, match="overlap"):
        run_corpus([url], f"{url}/out", workers=0)
