"""Runs every benchmark in bench/ (each `bench_*.py`), one after another, and stops at the
first that fails. `make bench` calls this."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    for script in scripts:
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False)
        if result.returncode:
            print(f"{script.name} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
    print(f"Ran {len(scripts)} benchmark(s). Record results in bench/RESULTS.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
