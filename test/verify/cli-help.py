"""Checks every `aws <service> <command> --option` in README.md and docs/*.md against the installed
AWS CLI's own help, so a guide step cannot name a command or option the CLI does not have.

    python3 test/verify/cli-help.py        # needs `aws` (v1 or v2) on PATH; works offline

Prints one line per distinct command and exits 1 if any command or option is unknown. Global options
(--query, --output, --region, ...) are accepted everywhere; `aws s3` and `aws configure` commands,
whose help pages list options differently, are checked for the command only.
"""

import glob
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GLOBAL = {"query", "output", "region", "profile", "endpoint-url", "no-cli-pager", "debug", "no-paginate"}
COMMAND = re.compile(r"(?<![\w/-])aws ([a-z0-9-]+) ([a-z0-9-]+)([^\n`|]*)")


def commands():
    found = {}
    for path in [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        text = open(path, encoding="utf8").read().replace("\\\n", " ")
        for service, command, rest in COMMAND.findall(text):
            if service.startswith("-"):
                continue
            options = set(re.findall(r"(?<![\w-])--([a-z0-9-]+)", rest)) - GLOBAL
            found.setdefault((service, command), set()).update(options)
    return found


def main():
    env = {**os.environ, "AWS_PAGER": "", "PAGER": "cat"}
    failures = 0
    for (service, command), options in sorted(commands().items()):
        run = subprocess.run(["aws", service, command, "help"], capture_output=True, text=True, env=env)
        if run.returncode != 0 or not run.stdout:
            print(f"UNKNOWN  aws {service} {command}")
            failures += 1
            continue
        loose = service in ("s3", "configure")
        unknown = [] if loose else sorted(o for o in options if f"--{o}" not in run.stdout)
        print(f"{'UNKNOWN ' if unknown else 'ok      '} aws {service} {command} {' '.join('--' + o for o in unknown)}")
        failures += bool(unknown)
    version = subprocess.run(["aws", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{failures} problem(s), checked with {version}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
