"""The command line, run in-process through main()."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from cleaner import Config
from cleaner.cli import _workers, main, max_workers
from cleaner.corpus import run_corpus
from cleaner.pipeline import Cleaner
from fixtures_lib import ARTICLES

SEED = ARTICLES / "seed_004_d10c353c19b3eda7.txt"


def test_clean_prints_text(capsys):
    assert main(["clean", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "You may also like" not in out and "annexed in 2014" in out


def test_clean_json_record(capsys):
    assert main(["clean", "--json", str(SEED)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["metadata"]["image_credits"] == ["Chris McGrath/Getty Images"]


def test_disable_pass(capsys):
    assert main(["clean", "--disable", "related-links", str(SEED)]) == 0
    assert "You may also like" in capsys.readouterr().out


def test_explain_marks_each_removal(capsys):
    assert main(["explain", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "[- related-links -] You may also like" in out
    assert "[- photo-credit -] Emmanuel Macron Chris McGrath/Getty Images" in out


def test_rules_lists_passes_and_files(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "photo-credit" in out and "credits.txt" in out


def test_bad_input_exit_code(tmp_path, capsys):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x00")
    assert main(["clean", str(binary)]) == 1
    assert "binary input" in capsys.readouterr().err


def test_broken_rules_exit_code(tmp_path, capsys):
    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "x.txt").write_text("[promo]\nre: (\n")
    assert main(["rules", "--rules", str(tmp_path)]) == 3
    assert "x.txt:2" in capsys.readouterr().err


def test_corpus_keeps_every_input(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED.read_text())
    (tmp_path / "in" / "empty.txt").write_text("Advertisement\n")
    (tmp_path / "in" / "bin.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["corpus", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "0"]) == 0
    records = [line for shard in (tmp_path / "out" / "shards").iterdir() for line in shard.read_text().splitlines()]
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert len(records) == 1 and len(rejects) == 2
    assert {r["reason"].split(":")[0] for r in rejects} == {"empty after cleaning", "InputError"}


def test_module_entry_point_and_stdin():
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-"], input=SEED.read_bytes(),
                          capture_output=True, check=True)
    assert b"annexed in 2014" in done.stdout


# --- usage errors: exit 2 and one sentence naming the option ---------------------------------

@pytest.mark.parametrize("option, said", [
    (["-j", "-1"], "argument -j/--workers: must be a whole number from 0"),
    (["-j", "100000"], "argument -j/--workers: must be a whole number from 0"),
    (["-j", "two"], "argument -j/--workers: must be a whole number from 0"),
    (["--shard-size", "0"], "argument --shard-size: must be a whole number of 1 or more, not '0'"),
    (["--time-limit", "-5"], "argument --time-limit: must be a number of seconds above 0"),
    (["--time-limit", "nan"], "argument --time-limit: must be a number of seconds"),
    (["--time-limit", "1e300"], "argument --time-limit: must be a number of seconds"),
    (["--max-bytes", "-1"], "argument --max-bytes: must be a whole number of bytes above 0, not '-1'"),
    (["--max-bytes", "0"], "argument --max-bytes: must be a whole number of bytes above 0"),
    (["--id-field", ""], "argument --id-field: must not be empty"),
    (["--text-field", " "], "argument --text-field: must not be empty"),
    (["--source", ""], "argument --source: must not be empty"),
    (["--format", "csv"], "argument --format: invalid choice: 'csv'"),
    (["--address", "ray://x:1"], "--address names a Ray cluster: give it with --executor ray"),
    (["--executor", "ray", "-j", "2"], "-j sets the local worker processes"),
    (["--format", "parquet", "--gzip"], "--gzip compresses JSONL shards"),
    (["--whole-page", "yes"], "--whole-page is a switch and takes no value ('yes')"),
    (["--whole-page=no"], "--whole-page is a switch and takes no value ('no')"),
])
def test_a_wrong_corpus_option_is_a_usage_error(tmp_path, capsys, option, said):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED.read_text())
    out = tmp_path / "out"
    try:
        code = main(["corpus", str(tmp_path / "in"), "-o", str(out), *option])
    except SystemExit as exc:  # argparse's own exit
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert said in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if "error:" in line]) == 1
    assert not (out / "manifest.jsonl").exists()


def test_an_empty_output_name_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["corpus", str(SEED), "-o", ""])
    assert exc.value.code == 2 and "argument -o/--output: must not be empty" in capsys.readouterr().err


def test_the_worker_limit_follows_the_cores():
    assert max_workers() == min(256, 4 * (os.cpu_count() or 1))
    assert _workers()(str(max_workers())) == max_workers()
    with pytest.raises(argparse.ArgumentTypeError):
        _workers()(str(max_workers() + 1))


def test_zero_time_limit_still_means_none(tmp_path):
    assert main(["corpus", str(SEED), "-o", str(tmp_path / "out"), "-j", "0", "--time-limit", "0"]) == 0


def test_negative_workers_in_the_library_is_an_error_not_a_hang(tmp_path):
    with pytest.raises(ValueError, match="workers must be 0"):
        run_corpus([str(SEED)], tmp_path / "out", workers=-1)
    with pytest.raises(ValueError, match="shard_size must be 1 or more"):
        run_corpus([str(SEED)], tmp_path / "out", shard_size=0)


# --- --whole-page is a switch: the file after it stays a file ------------------------------

def test_whole_page_is_a_switch_and_the_file_after_it_is_read(capsys):
    assert main(["clean", "--kind", "text", "--whole-page", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out == Cleaner(Config(whole_page=True)).clean(SEED.read_bytes(), kind="text").text + "\n"
    assert main(["clean", "--kind", "text", "--no-whole-page", str(SEED)]) == 0
    assert capsys.readouterr().out == Cleaner(Config(whole_page=False)).clean(SEED.read_bytes(),
                                                                               kind="text").text + "\n"


def test_whole_page_of_a_corpus_run_reaches_the_config(tmp_path, monkeypatch):
    seen = []
    import cleaner.corpus as corpus

    monkeypatch.setattr(corpus, "run_corpus", lambda inputs, out, config, options, **kw: seen.append(
        (inputs, config.whole_page)) or {"inputs": 0, "records": 0, "rejects": 0})
    assert main(["corpus", "--whole-page", str(SEED), "-o", str(tmp_path / "o")]) == 0
    assert main(["corpus", str(SEED), "-o", str(tmp_path / "o")]) == 0
    assert seen == [([str(SEED)], True), ([str(SEED)], "auto")]


# --- output to a reader that leaves early ------------------------------------------------------

def test_a_pipe_closed_early_ends_quietly_with_exit_0(tmp_path):
    long_text = tmp_path / "long.txt"  # made-up prose, far more than a pipe's buffer once cleaned
    words = "council minister said report market prices week rose government city police river".split()
    long_text.write_text("\n\n".join(" ".join(words[(i + k) % len(words)] for k in range(30)).capitalize()
                                      + f" Number {i}." for i in range(2000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(long_text)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100)  # as `| head -c 100` does: read a little, then close the pipe
    proc.stdout.close()
    code = proc.wait(60)
    err = proc.stderr.read().decode()
    assert code == 0 and err == ""


def test_a_pipe_closed_early_through_the_shell(tmp_path):
    done = subprocess.run(f"'{sys.executable}' -m cleaner explain '{SEED}' 2>'{tmp_path / 'err'}' | head -n 1",
                          shell=True, capture_output=True, text=True, timeout=60)
    assert done.stdout.count("\n") == 1 and (tmp_path / "err").read_text() == ""


# --- an article that is empty after cleaning ---------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\n", b"Advertisement\n"])
@pytest.mark.parametrize("as_json", [False, True])
def test_clean_says_empty_after_cleaning_and_exits_1(tmp_path, capsys, content, as_json):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert main(["clean", *(["--json"] if as_json else []), str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"cleaner: {path}: empty after cleaning\n"


@pytest.mark.parametrize("option, said", [
    (["-j", "-1"], "argument -j/--workers: must be a whole number from 0"),
    (["--text-field", ""], "argument --text-field: must not be empty"),
])
def test_a_wrong_learn_sites_option_is_a_usage_error(tmp_path, capsys, option, said):
    with pytest.raises(SystemExit) as exc:
        main(["learn-sites", str(SEED), "-o", str(tmp_path / "rules"), *option])
    assert exc.value.code == 2 and said in capsys.readouterr().err
