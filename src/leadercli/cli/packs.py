"""Commands that make and check packs: `about`, `init`, `validate`, `extract`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from leadercli.cli.app import JsonOption, PackOption, app, emit, load, renderer
from leadercli.errors import LeadercliError


@app.command()
def about(ctx: typer.Context, json: JsonOption = False, pack: PackOption = None) -> None:
    """The active pack: its directory, title, source and what it holds."""
    from leadercli.pack import shipped_pack_dir

    loaded = load(ctx, pack)
    shipped = loaded.directory.resolve() == shipped_pack_dir().resolve()
    if json:
        from leadercli import views

        emit(views.about(loaded, shipped=shipped))
    else:
        from leadercli.render import packs as view

        view.about(renderer(), loaded, shipped=shipped)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty directory.")],
    json: JsonOption = False,
) -> None:
    """Write a small, commented example pack to start your own.

    DIR must be new or empty; the pack it writes passes `leadercli validate`.
    """
    from leadercli.extract import write_pack
    from leadercli.template import FILES

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise LeadercliError(f"{directory} is not empty: init only writes into a new or empty directory")
    write_pack(directory, FILES)
    files = list(FILES)
    if json:
        from leadercli import views

        emit(views.initialised(str(directory), files))
    else:
        from leadercli.render import packs as view

        view.initialised(renderer(), str(directory), files)


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(metavar="[DIR]", help="The pack to check (default: the active pack)."),
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
    from leadercli.pack import resolve_pack_dir
    from leadercli.validate import validate as check

    root = ctx.find_root().obj
    chosen = directory or pack or (root if isinstance(root, Path) else None)
    report = check(resolve_pack_dir(chosen), held_out=held_out)
    if json:
        from leadercli import views

        emit(views.validation(report))
    else:
        from leadercli.render import packs as view

        view.validation(renderer(), report)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@app.command()
def extract(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE", help="The article: plain text or Markdown.")],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="DIR", help="Where to write the pack (default: ./<article name>)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a pack already in DIR.")] = False,
    json: JsonOption = False,
) -> None:
    """Build a pack from an article's text or Markdown.

    Reads the FAQ, playbook, risks, tools, metrics, cadence and reference sections into faq.yaml
    and playbook.yaml.
    Prints what it found per section and the lines it could not place. Alternates are left empty
    for you to add. Never replaces an existing pack without --force; writes both files or neither.
    """
    from leadercli import __version__
    from leadercli.extract import extract as run_extract
    from leadercli.extract import pack_files, write_pack
    from leadercli.pack import slugify
    from leadercli.safeyaml import read_text

    result = run_extract(read_text(article))
    if not result.sections["faq"]:
        raise LeadercliError(
            f"{article}: no FAQ found (a 'FAQ' or 'Frequently asked questions' heading followed by "
            "questions ending in '?' and their answers); nothing written"
        )
    directory = output if output is not None else Path(slugify(article.stem) or "pack")
    files = pack_files(result, article.name, __version__)
    write_pack(directory, files, overwrite=force)
    written = [name for name, content in files.items() if content is not None]
    if json:
        from leadercli import views

        emit(views.extraction(result, str(article), str(directory), written))
    else:
        from leadercli.render import packs as view

        view.extraction(renderer(), result, str(article), str(directory), written)
