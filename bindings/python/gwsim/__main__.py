"""python -m gwsim: the gwsim command line (the same code as the gwsim executable)."""
import sys

from . import _core


def main() -> int:
    sys.stdout.flush()
    return _core.cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
