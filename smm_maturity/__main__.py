"""Entry point for `python -m smm_maturity`."""

import sys

from smm_maturity.cli import main

sys.exit(main())
