"""``policykg serve``: the HTTP API (and the viz pages) over a store, with uvicorn."""

from __future__ import annotations

import typer

from policykg.cli import app


@app.command()
def serve(
    store: str | None = typer.Option(
        None, "--store", "-s", help="Store URL (default: POLICYKG_STORE or falkordb:./data/policykg)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn's log level."),
) -> None:
    """Serve the API under /api/v1 (docs at /docs, offline) and the pages under /viz.

    Configuration from the environment: POLICYKG_API_CYPHER=0 switches ad-hoc Cypher off,
    POLICYKG_API_TOKEN turns the write endpoints on (bearer token), POLICYKG_CORS_ORIGINS lists
    the allowed origins, POLICYKG_API_TIMEOUT_MS and POLICYKG_API_ROW_CAP bound every query.

    Exit code 0 on a clean stop (SIGTERM ends it as the signal does), 2 on a usage error, 3 when
    the store cannot be opened.

    Example: `policykg serve --store falkordb:./data/policykg --port 8000`
    """
    import uvicorn

    from api.app import create_app
    from api.settings import Settings
    from graph import open_store, store_url
    from graph.store import StoreError

    try:
        settings = Settings.from_env(store=store_url(store))
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    try:
        graph_store = open_store(settings.store)
    except StoreError as err:
        typer.echo(f"error: cannot open the store {settings.store}: {err}", err=True)
        raise typer.Exit(3) from err
    typer.echo(
        f"policykg API on http://{host}:{port}/api/v1 (docs: http://{host}:{port}/docs), "
        f"store {settings.store}",
        err=True,
    )
    try:
        # The app's shut-down closes the store (and stops an embedded server): uvicorn re-raises
        # SIGTERM / SIGINT once it has shut down, so code after run() may never execute.
        app_ = create_app(settings, graph_store, close_store=True)
        uvicorn.run(app_, host=host, port=port, log_level=log_level)
    finally:
        graph_store.close()  # a no-op when the shut-down closed it
