"""A bare FastAPI app with one trivial JSON endpoint: the baseline for the web load benchmark."""

from fastapi import FastAPI

app = FastAPI(docs_url=None, redoc_url=None)


@app.get("/ping")
def ping() -> dict[str, bool]:
    """A constant answer: the cost of FastAPI and uvicorn alone."""
    return {"ok": True}
