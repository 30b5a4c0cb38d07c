"""The ``kg`` command: parse arguments, call the API, print. No logic a script could not reach."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from kg.api import extract_paths
from kg.model import Extraction


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Party documents and their cross-references.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ext = sub.add_parser("extract", help="read documents and print each one's record and references")
    ext.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (read recursively)")
    ext.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl",
                     help="jsonl: one JSON object per line (default); json: one array; table: a summary line per file")
    return parser


def _print_table(results: Iterable[Extraction], out: TextIO) -> Iterator[Extraction]:
    out.write(f"{'source':40} {'symbol':16} {'type':4} {'date':10} {'refs':>4}  title\n")
    for r in results:
        d = r.document
        if d is not None:
            title = (d.title or "")[:60]
            out.write(f"{r.source[-40:]:40} {d.symbol or '-':16} {d.type or '-':4} {d.date or '-':10} {len(r.references):>4}  {title}\n")
        yield r


def _print_json(results: Iterable[Extraction], out: TextIO, lines: bool) -> Iterator[Extraction]:
    first = True
    if not lines:
        out.write("[")
    for r in results:
        text = json.dumps(r.to_dict(), ensure_ascii=False, indent=None if lines else 2)
        out.write(text + "\n" if lines else ("\n" if first else ",\n") + text)
        first = False
        yield r
    if not lines:
        out.write("\n]\n")


def cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print each input's extraction; report failures one line each and a closing summary."""
    results = extract_paths(args.paths)
    printed = _print_table(results, out) if args.format == "table" else _print_json(results, out, args.format == "jsonl")
    ok = failed = 0
    for r in printed:
        if r.document is None:
            failed += 1
            err.write(f"{r.source}: {'; '.join(r.errors)}\n")
        else:
            ok += 1
            for message in r.errors:
                err.write(f"{r.source}: {message}\n")
        err.flush()
    err.write(f"{ok} read, {failed} failed\n")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return cmd_extract(args, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
