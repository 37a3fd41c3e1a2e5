"""``python -m kb.hub``: see :mod:`kb.hub.cli`."""

import sys

from kb.hub.cli import main

sys.exit(main())
