"""Command line: argument parsing only; the work is done by the library."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from . import __version__
from .config import PASS_ORDER, Config
from .errors import CleanerError, InputError, RuleError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_RULES = 0, 1, 2, 3


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("passes and rules")
    group.add_argument("--disable", metavar="PASS", action="append", default=[], choices=PASS_ORDER,
                       help="switch a pass off (repeatable): " + ", ".join(PASS_ORDER))
    group.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                       help="an extra rule directory, same layout as cleaner/rules (repeatable)")
    group.add_argument("--kind", choices=("auto", "text", "html"), default="auto",
                       help="input kind (default: auto-detect markup)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn scraped news articles into clean text with metadata.",
        epilog="Exit codes: 0 success, 1 bad input, 2 usage error, 3 broken rule file.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("clean", help="clean one article, print the text or a JSON record")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the whole record as JSON")
    _add_config_options(p)

    p = sub.add_parser("explain", help="show an article with each removal marked by its rule")
    p.add_argument("file", metavar="FILE", help="article file, or - for standard input")
    _add_config_options(p)

    p = sub.add_parser("corpus", help="clean every .txt/.html file under the inputs into JSONL")
    p.add_argument("inputs", metavar="INPUT", nargs="+", type=Path, help="files or folders")
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True, help="output folder")
    _add_config_options(p)

    p = sub.add_parser("rules", help="list the passes and the rule files in force")
    _add_config_options(p)
    return parser


def _read(name: str) -> bytes:
    return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()


def _cleaner(args):
    from .pipeline import Cleaner

    return Cleaner(Config(disabled=frozenset(args.disable), rule_dirs=tuple(args.rules)))


def cmd_clean(args) -> int:
    article = _cleaner(args).clean(_read(args.file), kind=args.kind)
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    else:
        print(article.text)
    return EXIT_OK


def cmd_explain(args) -> int:
    from .explain import render_explanation

    cleaner = _cleaner(args)
    article = cleaner.clean(_read(args.file), kind=args.kind)
    print(render_explanation(article))
    return EXIT_OK


def cmd_corpus(args) -> int:
    from .corpus import clean_folder

    stats = clean_folder(args.inputs, args.output, _cleaner(args), kind=args.kind)
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_rules(args) -> int:
    cleaner = _cleaner(args)
    print("passes, in order:")
    for name in PASS_ORDER:
        print(f"  {name:<14} {'on' if cleaner.config.enabled(name) else 'off'}")
    print("rule files:")
    for source in cleaner.rules.sources:
        print(f"  {source}")
    return EXIT_OK


COMMANDS = {"clean": cmd_clean, "explain": cmd_explain, "corpus": cmd_corpus, "rules": cmd_rules}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RuleError as exc:
        print(f"cleaner: broken rules: {exc}", file=sys.stderr)
        return EXIT_RULES
    except (InputError, OSError) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
