"""Commands that make and check packs: `about`, `init`, `validate`, `extract`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from leadercli import payloads
from leadercli.cli.app import JsonOption, PackOption, PlainOption, app, load, pack_dir, respond
from leadercli.cli.typer_internals import PATH
from leadercli.errors import LeadercliError


@app.command(
    epilog="""
        leadercli about
        leadercli --pack mypack about --json
    """
)
def about(
    ctx: typer.Context, json: JsonOption = False, plain: PlainOption = False, pack: PackOption = None
) -> None:
    """The active pack: its directory, title, source and what it holds."""
    from leadercli.packs.pack import shipped_pack_dir

    loaded = load(ctx, pack)
    shipped = loaded.directory.resolve() == shipped_pack_dir().resolve()
    respond(json, lambda: payloads.about(loaded, shipped=shipped), "packs.about", loaded, shipped)


@app.command(
    epilog="""
        leadercli init mypack
        leadercli --pack mypack ask "how many remote days"
    """
)
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", click_type=PATH, help="A new or empty directory.")
    ],
    json: JsonOption = False,
) -> None:
    """Write a small, commented example pack to start your own.

    DIR must be new or empty; the pack it writes passes `leadercli validate`.
    """
    from leadercli.packs.template import FILES
    from leadercli.store.files import write_pack

    if directory.exists() and not directory.is_dir():
        raise LeadercliError(f"{directory} is a file: init only writes into a new or empty directory")
    try:
        used = directory.exists() and any(directory.iterdir())
    except OSError as error:  # a directory it may not list (chmod 000, another user's)
        raise LeadercliError(f"cannot read {directory}: {error.strerror or error}") from None
    if used:
        raise LeadercliError(f"{directory} is not empty: init only writes into a new or empty directory")
    write_pack(directory, FILES)
    files = list(FILES)
    respond(
        json, lambda: payloads.initialised(str(directory), files), "packs.initialised", str(directory), files
    )


@app.command(
    epilog="""
        leadercli validate mypack
        leadercli validate --held-out
    """
)
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(metavar="DIR", click_type=PATH, help="The pack to check (default: the active pack)."),
    ] = None,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out",
            help="Also rank each alternate with a matcher built without it, as a reader's new wording.",
        ),
    ] = False,
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """Check a pack for errors, near-duplicates and misrouted alternates.

    Checks the schema, unique ids, empty fields, unknown fields, questions a reader could not tell
    apart, and alternates that `ask` would answer with another entry.
    Every finding names its file and line. Exits 0 when clean, 1 with warnings only, 2 with errors.
    """
    from leadercli.cli.app import ProgressBar
    from leadercli.packs.validate import validate as check

    with ProgressBar("Validating") as progress:
        report = check(directory or pack_dir(ctx, pack), held_out=held_out, progress=progress)
    respond(json, lambda: payloads.validation(report), "packs.validation", report)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@app.command(
    epilog="""
        leadercli extract article.txt -o lecun
        leadercli extract docs/ -o docs-pack --json
    """
)
def extract(
    article: Annotated[
        Path, typer.Argument(metavar="ARTICLE", click_type=PATH, help="The article: plain text or Markdown.")
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            click_type=PATH,
            help="Where to write the pack (default: ./<article name>).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a pack already in DIR.")] = False,
    json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Build a pack from an article's text or Markdown.

    Reads the FAQ, playbook, risks, tools, metrics, cadence and reference sections into faq.yaml
    and playbook.yaml.
    Prints what it found per section and the lines it could not place. Alternates are left empty
    for you to add. Never replaces an existing pack without --force; writes both files or neither.
    """
    from leadercli import __version__
    from leadercli.packs.documents.extraction import extract_path
    from leadercli.packs.extract import pack_files
    from leadercli.packs.loader import slugify
    from leadercli.store.files import write_pack

    result = extract_path(article)
    directory = (
        output
        if output is not None
        else Path(slugify(article.stem if article.is_file() else article.name) or "pack")
    )
    files = pack_files(result, article.name, __version__)
    write_pack(directory, files, overwrite=force)
    written = [name for name, content in files.items() if content is not None]
    respond(
        json,
        lambda: payloads.extraction(result, str(article), str(directory), written),
        "packs.extraction", result, str(article), str(directory), written,
    )  # fmt: skip
