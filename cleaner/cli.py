"""Command line: argument parsing only; the work is done by the library."""
from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .config import PASS_ORDER, Config
from .errors import CleanerError, InputError, RuleError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_RULES, EXIT_RUN = 0, 1, 2, 3, 4


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("passes and rules")
    group.add_argument("--disable", metavar="PASS", action="append", default=[], choices=PASS_ORDER,
                       help="switch a pass off (repeatable): " + ", ".join(PASS_ORDER))
    group.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                       help="an extra rule directory, same layout as cleaner/rules (repeatable)")
    group.add_argument("--kind", choices=("auto", "text", "html"), default="auto",
                       help="input kind (default: auto-detect markup)")
    group.add_argument("--whole-page", nargs="?", choices=("auto", "yes", "no"), default="auto", const="yes",
                       help="is the text all visible text of a page? yes: cut the article out of it; "
                            "no: never; auto (default): only when it looks like one (page-chrome)")
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

    p = sub.add_parser("clean", help="clean one article, print the text or a JSON record")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the whole record as JSON")
    _add_site_option(p)
    _add_config_options(p)

    p = sub.add_parser("explain", help="show an article with each removal marked by its rule")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    _add_site_option(p)
    _add_config_options(p)

    p = sub.add_parser(
        "corpus", help="clean a corpus: folders of .txt/.html(.gz), JSONL(.gz), WARC(.gz)",
        description="Clean every input into JSONL shards (or .txt files), with rejects.jsonl, stats.json "
                    "and report.html. Rerunning the same command resumes an interrupted run.")
    p.add_argument("inputs", metavar="INPUT", nargs="+", help="files or folders (or fsspec URLs), in any mix")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="output folder or fsspec URL")
    run = p.add_argument_group("running")
    run.add_argument("-j", "--workers", type=int, default=None,
                     help="worker processes (default: all cores; 0 runs in this process)")
    run.add_argument("--shard-size", type=int, default=1000, metavar="N",
                     help="documents per shard (default 1000)")
    run.add_argument("--time-limit", type=float, default=60.0, metavar="SEC",
                     help="per-document time limit; a document over it is rejected (default 60, 0 = none)")
    run.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, metavar="N",
                     help="per-document size limit (default 20 MiB)")
    run.add_argument("--executor", choices=("local", "ray"), default="local",
                     help="local worker pool (default) or a Ray cluster")
    run.add_argument("--address", default=None, help="Ray cluster address (with --executor ray)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    fmt = p.add_argument_group("input and output")
    fmt.add_argument("--format", choices=("jsonl", "parquet", "txt"), default="jsonl",
                     help="JSONL shards (default), Parquet shards (pyarrow: the parquet extra), "
                          "or one .txt with a .json sidecar per article")
    fmt.add_argument("--gzip", action="store_true", help="gzip the JSONL shards")
    fmt.add_argument("--source", default=None, help="collection name in each record (default: the first input's name)")
    fmt.add_argument("--id-field", default="id", help="JSONL field with the document id (default: id)")
    fmt.add_argument("--text-field", default="text", help="JSONL field with text (default: text)")
    fmt.add_argument("--html-field", default="html", help="JSONL field with HTML (default: html)")
    fmt.add_argument("--url-field", default="url", help="JSONL field with the URL (default: url)")
    fmt.add_argument("--no-audit", action="store_true", help="leave the removal list out of each record")
    fmt.add_argument("--no-dedup", action="store_true", help="skip duplicate detection")
    run.add_argument("--site-boilerplate", action=argparse.BooleanOptionalAction, default=False,
                     help="learn the lines each site repeats across its pages first, then remove them "
                          "(site-boilerplate; the learned files land in OUT/site-rules; default: off)")
    _add_config_options(p)

    p = sub.add_parser(
        "learn-sites", help="learn each site's repeated lines from a corpus into site rule files",
        description="Read a corpus (the inputs of `cleaner corpus`) and write one site rule file per site "
                    "that learned something into DIR, for --site-rules DIR or Config(site_rule_dirs=[DIR]).")
    p.add_argument("inputs", metavar="INPUT", nargs="+", help="files or folders, as for `cleaner corpus`")
    p.add_argument("-o", "--output", metavar="DIR", required=True, type=Path, help="folder of site rule files")
    p.add_argument("-j", "--workers", type=int, default=0, help="worker processes (default 0: this process)")
    p.add_argument("--kind", choices=("auto", "text", "html"), default="auto", help="input kind")
    for name in ("id", "text", "html", "url"):
        p.add_argument(f"--{name}-field", default=name, help=f"JSONL/Parquet field with the {name} (default: {name})")

    p = sub.add_parser("rules", help="list the passes and the rule files in force")
    _add_config_options(p)
    return parser


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
    whole_page = {"yes": True, "no": False}.get(args.whole_page, "auto")
    return Config(disabled=frozenset(args.disable), rule_dirs=tuple(args.rules), whole_page=whole_page,
                  site_rule_dirs=tuple(args.site_rules))


def cmd_clean(args) -> int:
    article = _cleaner(args).clean(_read(args.file), kind=args.kind, site=args.site)
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


def cmd_corpus(args) -> int:
    from .corpus import FieldNames, RunOptions, run_corpus

    if args.format == "parquet":
        if args.gzip:
            raise CleanerError("--gzip compresses JSONL shards; Parquet shards are always compressed (zstd)")
        _need_pyarrow("--format parquet")
    options = RunOptions(
        source=args.source or _collection_name(args.inputs[0]), fmt=args.format, compress=args.gzip,
        time_limit=args.time_limit, max_bytes=args.max_bytes, audit=not args.no_audit, dedup=not args.no_dedup,
        kind=args.kind, site_boilerplate=args.site_boilerplate,
        fields=FieldNames(id=args.id_field, text=args.text_field, html=args.html_field, url=args.url_field),
    )
    config = _config(args)
    from .pipeline import Cleaner

    Cleaner(config)  # fail on broken rules here, before any worker starts
    stats = run_corpus(args.inputs, args.output, config, options, workers=args.workers,
                       shard_size=args.shard_size, engine=args.executor, ray_address=args.address,
                       progress=False if args.no_progress else None)
    summary = {k: stats.get(k) for k in ("inputs", "records", "rejects", "exact_duplicates",
                                         "near_duplicate_clusters", "wall_seconds", "docs_per_second")}
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
    from .corpus.sitelearn import learn_site_rules

    options = RunOptions(kind=args.kind, fields=FieldNames(id=args.id_field, text=args.text_field,
                                                           html=args.html_field, url=args.url_field))
    sites = learn_site_rules(args.inputs, args.output, options, workers=args.workers)
    print(json.dumps({"sites": len(sites), "output": str(args.output)}), file=sys.stderr)
    return EXIT_OK


COMMANDS = {"clean": cmd_clean, "explain": cmd_explain, "corpus": cmd_corpus, "rules": cmd_rules,
            "learn-sites": cmd_learn_sites}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RuleError as exc:
        print(f"cleaner: broken rules: {exc}", file=sys.stderr)
        return EXIT_RULES
    except (InputError, OSError, ValueError) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a corpus run (corpus.runner.Interrupted)
        signum = getattr(exc, "signum", signal.SIGINT)
        resume = "; the finished shards are kept: rerun the same command to resume" if args.command == "corpus" else ""
        print(f"cleaner: stopped by {signal.Signals(signum).name}{resume}", file=sys.stderr)
        return 128 + signum
