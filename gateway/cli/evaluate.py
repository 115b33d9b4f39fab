"""`relayboard eval KIND`: the evaluations of evals/, run from the command line (gateway's one import of evals)."""

import argparse
from pathlib import Path

from evals import run_eval


def run(args: argparse.Namespace) -> int:
    """Run one evaluation: write its JSON when asked, then print its table.

    Raises:
        InvalidData: the data set (or the --json path) cannot be used; the message names file, line and field.
        InvalidOption: an option out of its range; the message names it and the range.
    """
    return run_eval(
        args.kind,
        Path(args.data),
        Path(args.json) if args.json else None,
        database=args.database,
        queries=Path(args.queries) if args.queries else None,
        off_topic=Path(args.off_topic) if args.off_topic else None,
        longest=args.longest,
        lead=args.lead,
        distractors=args.distractors,
    )
