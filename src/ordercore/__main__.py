"""``python -m ordercore``: the command line (see :mod:`ordercore.cli`)."""

from ordercore.cli import main

raise SystemExit(main())
