"""`python -m hexie ...`: the command line."""

import sys

from hexie.cli import main

sys.exit(main())
