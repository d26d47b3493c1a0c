"""The error types leadercli reports to users: one line, a documented exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_NO_ANSWER = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_OUTPUT = 74
"""EX_IOERR: stdout cannot be written (closed, a full disk); a closed pipe stays 1."""
EXIT_INTERRUPTED = 130


class LeadercliError(Exception):
    """A failure the user can act on; the CLI prints `str(error)` as one line and exits with `exit_code`."""

    exit_code = EXIT_USAGE


class OutputError(Exception):
    """stdout cannot take the output. Not a LeadercliError: nothing may catch it, say it and go on
    writing (chat's slash commands do that for a LeadercliError)."""

    exit_code = EXIT_OUTPUT


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like KeyboardInterrupt for Ctrl-C so cleanup runs; exits 128 + n."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number
        self.exit_code = 128 + number


class DataError(LeadercliError):
    """Bad data in a file (pack, cases): says which file, line, entry and field so it can be fixed."""

    def __init__(
        self,
        problem: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        entry: str | None = None,
        field: str | None = None,
        code: str = "invalid",
    ) -> None:
        self.problem = problem
        self.code = code  # the kind of problem, as `validate --json` names it
        self.ids: tuple[str, ...] = ()  # the records concerned, where known
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.entry = entry
        self.field = field
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        parts = []
        if self.entry is not None:
            parts.append(f"entry {self.entry}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        context = ", ".join(parts)
        return f"{where}{context + ': ' if context else ''}{self.problem}"
