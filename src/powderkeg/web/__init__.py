"""The offline dashboard: server-rendered pages, a JSON twin of each under /api, read-only.

`create_app(db)` builds the FastAPI app; `powderkeg serve` runs it with uvicorn on 127.0.0.1.
See docs/web.md.
"""

from powderkeg.web.app import create_app

__all__ = ["create_app"]
