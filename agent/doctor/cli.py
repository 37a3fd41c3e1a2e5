"""``sufler doctor [--json]``: print the desk's self-test; exit 0 when nothing failed, else 1.

Thread rule: a command-line program; the checks run on worker threads (see
:mod:`agent.doctor.checks`).
"""

from __future__ import annotations

import argparse
import json
import sys

from agent.doctor.checks import FAILED, OK, load_context, run_all, summary

MARKS = {OK: "[ OK ]", "warning": "[WARN]", FAILED: "[FAIL]"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sufler doctor",
        description="Check this desk: versions, settings, keyring, audio, SIP server, hub and "
                    "token, knowledge base, disk, logs. Exit 0 when nothing failed, else 1; "
                    "never waits more than about 15 s.")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--no-register", action="store_true",
                        help="skip the test registration (it adds this desk's contact at the "
                             "registrar for a few seconds)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    results = run_all(load_context(register=not args.no_register))
    report = summary(results)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for result in results:
            print(f"{MARKS.get(result.status, result.status)} {result.name}: {result.detail}")
            if result.advice and result.status != OK:
                print(f"       → {result.advice}")
        verdict = "all checks passed" if report["ok"] else f"{report['failed']} check(s) failed"
        print(f"{verdict}, {report['warnings']} warning(s)", file=sys.stdout)
    return 0 if report["ok"] else 1
