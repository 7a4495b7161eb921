"""`orglint server`: the language server, for editors (docs/editors.md)."""

from __future__ import annotations

import click

from orglint.errors import ConfigError


@click.command("server")
def server() -> None:
    """Run the language server over stdio (LSP), for editors: live findings, hover, go to
    definition, references, completion, rename and quick fixes across an org's files.

    Needs the `server` extra: pip install 'orglint[server]'. See docs/editors.md."""
    try:
        from orglint.server.app import main
    except ImportError as exc:
        raise ConfigError(
            f"`orglint server` needs pygls and lsprotocol (`{exc.name}` cannot be imported): "
            "install them with `pip install 'orglint[server]'`"
        ) from None
    import gc

    gc.enable()  # the CLI turns it off for short runs; a server runs for hours
    main()
