"""`leadercli chat`: a prompt for people who ask several questions in a row.

One matcher for the whole session (built once, so every answer after the first is instant), answers
rendered exactly as `ask` renders them, and slash commands for the browsing views. Line editing and
history come from readline where Python has it; the history file lives in the user's cache directory
(LEADERCLI_CACHE_DIR overrides it) and failing to read or write it never stops a session.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from leadercli.errors import EXIT_INTERRUPTED, EXIT_OK, LeadercliError

if TYPE_CHECKING:
    from leadercli.packs.pack import Pack
    from leadercli.render import Renderer
    from leadercli.store.compiled import CompiledPack

PROMPT = "leadercli> "
HISTORY_FILE = "chat_history"
HISTORY_LENGTH = 1000
QUIT = frozenset({"/quit", "/exit", "/q"})
BARE_QUIT = frozenset({"quit", "exit", "q"})
"""Typed alone these leave too: people type them at any prompt (python, sqlite3, psql), never to ask."""
BARE_HELP = frozenset({"help", "?"})
COMMANDS: tuple[tuple[str, str], ...] = (
    ("/playbook [N]", "the playbook, or only step N"),
    ("/risks", "the risks and their mitigations"),
    ("/metrics", "the key metrics"),
    ("/cadence", "the review cadence"),
    ("/tools", "the conceptual tools stack"),
    ("/insights", "the research findings"),
    ("/faq", "every question, by topic"),
    ("/show ID", "one entry in full"),
    ("/search TERMS", "every place the words occur"),
    ("/help", "this list (or help, ?)"),
    ("/quit", "leave (or quit, exit, q, Ctrl-D; Ctrl-C on an empty line)"),
)


def run(compiled: CompiledPack) -> int:
    """The read-answer loop; returns the exit code: 0 on /quit, quit or Ctrl-D, 130 on Ctrl-C (except
    on a half-typed line, which Ctrl-C clears, as in sqlite3, psql and python)."""
    from leadercli.answering import answer
    from leadercli.cli.app import renderer
    from leadercli.render import answers as answer_view
    from leadercli.render import chat as chat_view

    pack = compiled.pack()
    interactive = sys.stdin is not None and sys.stdin.isatty()  # None: started with stdin closed
    history = _start_readline(pack) if interactive else None
    out = renderer()
    try:
        chat_view.greeting(out, pack, interactive=interactive)
        compiled.matcher()  # built (or read) now, so the first answer is as quick as the next
        number = 0
        while True:
            number += 1
            try:
                line = _read_line(interactive, number)
            except EOFError:  # Ctrl-D, the end of piped input, a closed stdin or a terminal gone
                if interactive:
                    print()
                return EXIT_OK
            except KeyboardInterrupt:
                if not (history is not None and _half_typed()):
                    raise
                print()  # the line is dropped; a fresh prompt on the next line
                continue
            if not line:
                continue
            command = line.casefold()
            if command in BARE_QUIT or (line.startswith("/") and command.split()[0] in QUIT):
                return EXIT_OK
            if command in BARE_HELP or line.startswith("/"):
                _slash(out, compiled, "/help" if command in BARE_HELP else line)
            else:
                answer_view.answer(out, pack, answer(compiled, line), 0, answer_view.CHAT)
            out.print()
    except KeyboardInterrupt:  # Ctrl-C on an empty line or while answering: leave, on a fresh line
        print()
        return EXIT_INTERRUPTED
    finally:
        if history is not None:
            _save_history(history)


def _read_line(interactive: bool, number: int) -> str:
    """One line; a stdin that is closed or cannot be read (EIO: the terminal went away) is end of input.
    Piped input is read as `chat --json` reads it: a line without end is refused, not read forever."""
    if sys.stdin is None:
        raise EOFError
    if not interactive:
        from leadercli.cli.chat_json import read_line

        if not (line := read_line(number)):
            raise EOFError
        return line.strip()
    try:
        return input(PROMPT).strip()
    except OSError as error:
        if isinstance(error, BrokenPipeError):  # the prompt's write: a closed pipe, Click's quiet exit
            raise
        raise EOFError from None


def _half_typed() -> bool:
    """Whether the prompt held text when Ctrl-C came (readline keeps the interrupted line's buffer)."""
    import readline

    return bool(readline.get_line_buffer())


def _slash(out: Renderer, compiled: CompiledPack, line: str) -> None:
    """One slash command; a mistake (unknown command, missing section) is said, and the chat goes on."""
    from leadercli.render import chat as chat_view

    name, _, rest = line.partition(" ")
    handler = _HANDLERS.get(name.casefold())
    if handler is None:
        chat_view.problem(out, f"unknown command {name}: /help lists them")
        return
    try:
        handler(out, compiled, rest.strip())
    except LeadercliError as error:
        chat_view.problem(out, str(error))


def _playbook(out: Renderer, compiled: CompiledPack, argument: str) -> None:
    from leadercli.cli.browse import show_playbook

    if argument and not argument.isdigit():
        raise LeadercliError(f"no step {argument}: /playbook takes a step number")
    show_playbook(compiled.pack(), int(argument) if argument else None, out=out)


def _section(name: str) -> Callable[[Renderer, CompiledPack, str], None]:
    def show(out: Renderer, compiled: CompiledPack, argument: str) -> None:
        from leadercli.cli.browse import show_section

        show_section(compiled.pack(), name, out=out)

    return show


def _faq(out: Renderer, compiled: CompiledPack, argument: str) -> None:
    from leadercli.cli.browse import show_faq

    show_faq(compiled.pack(), out=out)


def _show(out: Renderer, compiled: CompiledPack, argument: str) -> None:
    from leadercli.cli.browse import show_record

    if not argument:
        raise LeadercliError("/show needs an id, as /faq or /search list them")
    show_record(compiled.pack(), argument, out=out, lister="/faq")


def _search(out: Renderer, compiled: CompiledPack, argument: str) -> None:
    from leadercli.cli.browse import show_search

    if not argument:
        raise LeadercliError("/search needs some words to look for")
    show_search(compiled, argument, limit=10, out=out)


def _help(out: Renderer, compiled: CompiledPack, argument: str) -> None:
    """The chat commands this pack can serve: no `/playbook` for a document without one."""
    from leadercli.cli.app import absent_sections
    from leadercli.render import chat as chat_view

    absent = absent_sections(compiled.pack())
    chat_view.help_table(out, [item for item in COMMANDS if item[0].split()[0].lstrip("/") not in absent])


_HANDLERS: dict[str, Callable[[Renderer, CompiledPack, str], None]] = {
    "/playbook": _playbook,
    **{f"/{name}": _section(name) for name in ("risks", "metrics", "cadence", "tools", "insights")},
    "/faq": _faq,
    "/show": _show,
    "/search": _search,
    "/help": _help,
    "/?": _help,
}


# --- readline -------------------------------------------------------------------------------------------


def history_path() -> Path:
    override = os.environ.get("LEADERCLI_CACHE_DIR", "").strip()
    if override:
        return Path(override) / HISTORY_FILE
    import platformdirs

    return Path(platformdirs.user_cache_dir("leadercli", appauthor=False)) / HISTORY_FILE


def _start_readline(pack: Pack) -> Path | None:
    """Line editing, history from earlier sessions, and Tab completion of /commands and ids."""
    try:
        import readline
    except ImportError:  # Python built without it (Windows): input() still works, without editing
        return None
    path = history_path()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)
    words = sorted({*_HANDLERS, *QUIT})
    ids = [record.id for record in pack.records()]

    def complete(prefix: str, state: int) -> str | None:
        line = readline.get_line_buffer()
        pool = ids if line.startswith("/show ") else words if line.startswith("/") else []
        found = [word for word in pool if word.startswith(prefix)]
        return found[state] if state < len(found) else None

    readline.set_completer(complete)
    readline.set_completer_delims(" ")
    readline.parse_and_bind("tab: complete")
    return path


def _save_history(path: Path) -> None:
    import readline

    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
