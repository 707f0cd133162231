"""Command line: argument parsing only; the work is done by the library."""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .config import PASS_ORDER, Config
from .errors import CleanerError, InputError, RuleError, RunError, UsageError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_RULES, EXIT_RUN = 0, 1, 2, 3, 4
MAX_WORKERS = 256        # worker processes, whatever the machine
WORKERS_PER_CORE = 4     # more only queue for the same cores


def max_workers() -> int:
    """The largest -j this machine takes: 4 per core, at most 256."""
    return min(MAX_WORKERS, WORKERS_PER_CORE * (os.cpu_count() or 1))


def _number(kind, wanted: str, fits):
    """An argparse ``type``: a finite ``kind`` (int or float) for which ``fits(value)``;
    anything else is one sentence saying what is ``wanted`` (exit 2)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is not None and math.isfinite(value) and fits(value):
            return value
        raise argparse.ArgumentTypeError(f"must be {wanted}, not {text!r}")
    return parse


def _workers():
    limit = max_workers()
    return _number(int, f"a whole number from 0 (run in this process) to {limit} "
                        f"({WORKERS_PER_CORE} per core on this machine, at most {MAX_WORKERS})",
                   lambda n: 0 <= n <= limit)


_POSITIVE = _number(int, "a whole number of 1 or more", lambda n: n >= 1)
_BYTES = _number(int, "a whole number of bytes above 0", lambda n: n >= 1)
_SECONDS = _number(float, "a number of seconds above 0 and at most 86400 (a day), or 0 for no limit",
                   lambda t: 0 <= t <= 86400)  # setitimer overflows past 1e9


def _name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("passes and rules")
    group.add_argument("--disable", metavar="PASS", action="append", default=[], choices=PASS_ORDER,
                       help="switch a pass off (repeatable): " + ", ".join(PASS_ORDER))
    group.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                       help="an extra rule directory, same layout as cleaner/rules (repeatable)")
    group.add_argument("--kind", choices=("auto", "text", "html"), default="auto",
                       help="input kind (default: auto-detect markup)")
    group.add_argument("--whole-page", action=argparse.BooleanOptionalAction, default=None,
                       help="the text is all the visible text of a page: cut the article out of it "
                            "(--no-whole-page: never; neither: only when it looks like one, page-chrome's auto). "
                            "A switch: it takes no value")
    group.add_argument("--site-rules", metavar="DIR", action="append", default=[], type=Path,
                       help="a folder of site rule files (cleaner learn-sites) for site-boilerplate (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn scraped news articles into clean text with metadata.",
        epilog="Exit codes: 0 success, 1 bad input, 2 usage error, 3 broken rule file, "
               "4 a corpus run that could not account for every input.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_clean_command(sub)
    _add_explain_command(sub)
    _add_corpus_command(sub)
    _add_learn_sites_command(sub)
    p = sub.add_parser("rules", help="list the passes and the rule files in force")
    _add_config_options(p)
    return parser


def _add_clean_command(sub) -> None:
    p = sub.add_parser("clean", help="clean one article, print the text or a JSON record")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the whole record as JSON")
    _add_site_option(p)
    _add_config_options(p)


def _add_explain_command(sub) -> None:
    p = sub.add_parser("explain", help="show an article with each removal marked by its rule")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    _add_site_option(p)
    _add_config_options(p)


def _add_corpus_command(sub) -> None:
    p = sub.add_parser(
        "corpus", help="clean a corpus: folders of .txt/.html(.gz), JSONL(.gz), WARC(.gz)",
        description="Clean every input into JSONL shards (or .txt files), with rejects.jsonl, stats.json "
                    "and report.html. Rerunning the same command resumes an interrupted run.")
    p.add_argument("inputs", metavar="INPUT", nargs="+", help="files or folders (or fsspec URLs), in any mix")
    p.add_argument("-o", "--output", metavar="OUT", required=True, type=_name,
                   help="output folder or fsspec URL (not inside an input folder)")
    run = _add_running_options(p)
    fmt = _add_corpus_io_options(p)
    # added last, so the usage line lists them last, each in its group's part of the help
    run.add_argument("--site-boilerplate", action=argparse.BooleanOptionalAction, default=False,
                     help="learn the lines each site repeats across its pages first, then remove them "
                          "(site-boilerplate; the learned files land in OUT/site-rules; default: off)")
    fmt.add_argument("--attributes", nargs="?", const="cleaner", default="", metavar="NAME",
                     help="also write dolma's documents/ (the text the rules saw) and attributes/NAME/ "
                          "(where each rule acted; NAME defaults to cleaner)")
    _add_config_options(p)


def _add_running_options(parser: argparse.ArgumentParser):
    run = parser.add_argument_group("running")
    run.add_argument("-j", "--workers", type=_workers(), default=None, metavar="N",
                     help=f"worker processes (default: all cores; 0 runs in this process; "
                          f"at most {WORKERS_PER_CORE} per core, {MAX_WORKERS} in all)")
    run.add_argument("--shard-size", type=_POSITIVE, default=1000, metavar="N",
                     help="documents per shard (default 1000)")
    run.add_argument("--time-limit", type=_SECONDS, default=60.0, metavar="SEC",
                     help="per-document time limit; a document over it is rejected (default 60, 0 = none)")
    run.add_argument("--max-bytes", type=_BYTES, default=20 * 1024 * 1024, metavar="N",
                     help="per-document size limit (default 20 MiB)")
    run.add_argument("--executor", choices=("local", "ray"), default="local",
                     help="local worker pool (default) or a Ray cluster")
    run.add_argument("--address", default=None, help="Ray cluster address (with --executor ray)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    return run


def _add_corpus_io_options(parser: argparse.ArgumentParser):
    fmt = parser.add_argument_group("input and output")
    fmt.add_argument("--format", choices=("jsonl", "parquet", "txt"), default="jsonl",
                     help="JSONL shards (default), Parquet shards (pyarrow: the parquet extra), "
                          "or one .txt with a .json sidecar per article")
    fmt.add_argument("--gzip", action="store_true", help="gzip the JSONL shards")
    fmt.add_argument("--source", type=_name, default=None, help="collection name in each record (default: the first input's name)")
    fmt.add_argument("--id-field", type=_name, default="id", help="JSONL field with the document id (default: id)")
    fmt.add_argument("--text-field", type=_name, default="text", help="JSONL field with text (default: text)")
    fmt.add_argument("--html-field", type=_name, default="html", help="JSONL field with HTML (default: html)")
    fmt.add_argument("--url-field", type=_name, default="url", help="JSONL field with the URL (default: url)")
    fmt.add_argument("--follow-links", action="store_true",
                     help="follow symbolic links out of the input folders too (default: a link that points "
                          "outside its input folder is a reject)")
    fmt.add_argument("--no-audit", action="store_true", help="leave the removal list out of each record")
    fmt.add_argument("--no-dedup", action="store_true", help="skip duplicate detection")
    return fmt


def _add_learn_sites_command(sub) -> None:
    p = sub.add_parser(
        "learn-sites", help="learn each site's repeated lines from a corpus into site rule files",
        description="Read a corpus (the inputs of `cleaner corpus`) and write one site rule file per site "
                    "that learned something into DIR, for --site-rules DIR or Config(site_rule_dirs=[DIR]).")
    p.add_argument("inputs", metavar="INPUT", nargs="+", help="files or folders, as for `cleaner corpus`")
    p.add_argument("-o", "--output", metavar="DIR", required=True, type=lambda text: Path(_name(text)),
                   help="folder of site rule files (not inside an input folder)")
    p.add_argument("-j", "--workers", type=_workers(), default=0, metavar="N",
                   help="worker processes (default 0: this process)")
    p.add_argument("--kind", choices=("auto", "text", "html"), default="auto", help="input kind")
    for name in ("id", "text", "html", "url"):
        p.add_argument(f"--{name}-field", type=_name, default=name,
                       help=f"JSONL/Parquet field with the {name} (default: {name})")


def _add_site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", default=None, metavar="SITE",
                        help="the document's site (a host), whose --site-rules file applies "
                             "(default: an HTML page's declared URL)")


def _read(name: str) -> bytes:
    return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()


def _cleaner(args):
    from .pipeline import Cleaner

    return Cleaner(_config(args))


def _config(args) -> Config:
    whole_page = "auto" if args.whole_page is None else args.whole_page
    return Config(disabled=frozenset(args.disable), rule_dirs=tuple(args.rules), whole_page=whole_page,
                  site_rule_dirs=tuple(args.site_rules))


def cmd_clean(args) -> int:
    article = _cleaner(args).clean(_read(args.file), kind=args.kind, site=args.site)
    if not article.text.strip():  # what the corpus rejects: no record, and a reason
        print(f"cleaner: {args.file}: empty after cleaning", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    else:
        print(article.text)
    return EXIT_OK


def cmd_explain(args) -> int:
    from .explain import render_explanation

    cleaner = _cleaner(args)
    article = cleaner.clean(_read(args.file), kind=args.kind, site=args.site)
    print(render_explanation(article))
    return EXIT_OK


def _collection_name(location: str) -> str:
    name = location.rstrip("/").rsplit("/", 1)[-1] if "://" in location else Path(location).resolve().name
    for suffix in (".gz", ".jsonl", ".ndjson", ".wet", ".warc", ".parquet"):
        name = name[: -len(suffix)] if name.endswith(suffix) else name
    return name or "corpus"


def _need_pyarrow(what: str) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise CleanerError(f"{what} needs pyarrow: pip install 'cleaner[parquet]'") from None


def _check_corpus_usage(args) -> None:
    """The options that are wrong together (each alone is checked by its type)."""
    if args.format == "parquet" and args.gzip:
        raise UsageError("--gzip compresses JSONL shards; Parquet shards are always compressed (zstd)")
    if args.attributes and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", args.attributes):
        raise UsageError(f"--attributes {args.attributes!r}: a folder name of letters, digits, '_', '.' and '-'")
    if args.executor != "ray":
        if args.address:
            raise UsageError("--address names a Ray cluster: give it with --executor ray")
    elif args.workers is not None:
        raise UsageError("-j sets the local worker processes; with --executor ray the cluster has its own")


def cmd_corpus(args) -> int:
    from .corpus import FieldNames, RunOptions, run_corpus

    _check_corpus_usage(args)
    if args.format == "parquet":
        _need_pyarrow("--format parquet")
    options = RunOptions(
        source=args.source or _collection_name(args.inputs[0]), fmt=args.format, compress=args.gzip,
        time_limit=args.time_limit, max_bytes=args.max_bytes, audit=not args.no_audit, dedup=not args.no_dedup,
        kind=args.kind, site_boilerplate=args.site_boilerplate, attributes=args.attributes,
        fields=FieldNames(id=args.id_field, text=args.text_field, html=args.html_field, url=args.url_field),
    )
    config = _config(args)
    from .pipeline import Cleaner

    Cleaner(config)  # fail on broken rules here, before any worker starts
    stats = run_corpus(args.inputs, args.output, config, options, workers=args.workers,
                       shard_size=args.shard_size, engine=args.executor, ray_address=args.address,
                       progress=False if args.no_progress else None, follow_links=args.follow_links)
    summary = {k: stats.get(k) for k in ("inputs", "records", "rejects", "exact_duplicates",
                                         "near_duplicate_clusters", "wall_seconds", "docs_per_second")}
    summary["skipped"] = sum(entry["count"] for entry in stats.get("skipped", {}).values())  # not inputs
    print(json.dumps(summary), file=sys.stderr)
    return EXIT_OK if stats.get("inputs", 0) == stats.get("records", 0) + stats.get("rejects", 0) else EXIT_RUN


def cmd_rules(args) -> int:
    cleaner = _cleaner(args)
    print("passes, in order:")
    for name in PASS_ORDER:
        print(f"  {name:<16} {'on' if cleaner.config.enabled(name) else 'off'}")
    print("rule files:")
    for source in cleaner.rules.sources:
        print(f"  {source}")
    return EXIT_OK


def cmd_learn_sites(args) -> int:
    from .corpus import FieldNames, RunOptions
    from .corpus.listing import check_apart
    from .corpus.sitelearn import learn_site_rules

    check_apart(args.inputs, args.output)  # its .site.txt files would be read as articles
    options = RunOptions(kind=args.kind, fields=FieldNames(id=args.id_field, text=args.text_field,
                                                           html=args.html_field, url=args.url_field))
    sites = learn_site_rules(args.inputs, args.output, options, workers=args.workers)
    print(json.dumps({"sites": len(sites), "output": str(args.output)}), file=sys.stderr)
    return EXIT_OK


COMMANDS = {"clean": cmd_clean, "explain": cmd_explain, "corpus": cmd_corpus, "rules": cmd_rules,
            "learn-sites": cmd_learn_sites}


def _whole_page_value(argv: Sequence[str]) -> Optional[str]:
    """The old spelling, ``--whole-page yes``: one sentence instead of a file named 'yes'."""
    for arg, after in zip(argv, [*argv[1:], None]):
        if arg.startswith("--whole-page="):
            value = arg.split("=", 1)[1]
        elif arg == "--whole-page" and after in ("auto", "yes", "no") and not Path(after).exists():
            value = after
        else:
            continue
        return (f"--whole-page is a switch and takes no value ({value!r}): "
                "write --whole-page for yes, --no-whole-page for no, neither for auto")
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    old = _whole_page_value(argv)
    if old:
        print(f"cleaner: error: {old}", file=sys.stderr)
        return EXIT_USAGE
    args = build_parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # here, not at exit: a reader that left early is seen below
        return code
    except BrokenPipeError:  # `cleaner clean page.html | head`: the reader has what it wanted
        _silence_stdout()
        return EXIT_OK
    except UsageError as exc:
        print(f"cleaner {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RuleError as exc:
        print(f"cleaner: broken rules: {exc}", file=sys.stderr)
        return EXIT_RULES
    except RunError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_RUN
    except (InputError, OSError, ValueError) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a corpus run (corpus.stopping.Interrupted)
        signum = getattr(exc, "signum", signal.SIGINT)
        resume = "; the finished shards are kept: rerun the same command to resume" if args.command == "corpus" else ""
        print(f"cleaner: stopped by {signal.Signals(signum).name}{resume}", file=sys.stderr)
        return 128 + signum


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
