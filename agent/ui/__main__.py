"""``python -m agent.ui``: the agent desktop."""

import sys

from agent.ui.app import main

sys.exit(main())
