"""Rewrite (or ``--check``) the Cypher files generated from graph/model.py: see graph/codegen.py.

    .venv/bin/python tools/gen_cypher.py           # rewrite the files
    .venv/bin/python tools/gen_cypher.py --check   # exit 1 naming the stale ones
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.codegen import main

if __name__ == "__main__":
    raise SystemExit(main())
