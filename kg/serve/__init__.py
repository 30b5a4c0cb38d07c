"""``kg serve``: a local, read-only web explorer of a store (search, document pages, network, SPARQL endpoint).

The application is Starlette's (``kg.serve.app``), served by uvicorn on 127.0.0.1. See ``create_app``.
"""
from __future__ import annotations

from kg.serve.app import Explorer, create_app

__all__ = ["Explorer", "create_app"]
