"""``sufler doctor [--json]``: print the desk's self-test; exit 0 when nothing failed, else 1.

Thread rule: a command-line program; the checks run on worker threads (see
:mod:`agent.doctor.checks`).
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

from agent.doctor.checks import FAILED, OK, load_context, run_all, summary

MARKS = {OK: "[ OK ]", "warning": "[WARN]", FAILED: "[FAIL]"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sufler doctor",
        description="Check this desk: versions, settings, keyring, audio, SIP server, hub and "
                    "token, knowledge base, disk, logs. Exit 0 when nothing failed, else 1; "
                    "never waits more than about 15 s.")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--bundle", metavar="FILE.zip",
                        help="also write the report and the recent logs (secrets redacted) into "
                             "a zip to attach to a ticket")
    parser.add_argument("--no-register", action="store_true",
                        help="skip the test registration (it adds this desk's contact at the "
                             "registrar for a few seconds)")
    return parser


BUNDLE_LOG_BYTES = 2 * 1024 * 1024  # the end of each log file that goes into a bundle


def write_bundle(path: Path, report: dict[str, Any]) -> int:
    """The report and the tail of every log file, redacted again, as a zip; returns files added."""
    from agent.logs import log_dir, redact

    added = 1
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("doctor.json", json.dumps(report, ensure_ascii=False, indent=1))
        where = log_dir()
        for log in sorted(where.glob("*.log*")) if where.is_dir() else []:
            with log.open("rb") as fh:
                fh.seek(max(0, log.stat().st_size - BUNDLE_LOG_BYTES))
                text = fh.read().decode("utf-8", "replace")
            bundle.writestr(f"logs/{log.name}", redact(text))
            added += 1
    return added


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
    if args.bundle:
        count = write_bundle(Path(args.bundle), report)
        print(f"diagnostics bundle: {args.bundle} ({count} file(s), secrets redacted)",
              file=sys.stderr)
    return 0 if report["ok"] else 1
