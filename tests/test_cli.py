"""The command line, run in-process through main()."""
from __future__ import annotations

import json
import subprocess
import sys

from cleaner.cli import main
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
