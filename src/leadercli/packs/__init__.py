"""Knowledge packs: documents and YAML into typed records.

`sections` (the records and the one registry of their kinds), `pack` (a loaded pack), `loader` (YAML
into a Pack, with located errors and structured warnings), `safeyaml` (the hardened YAML reader),
`documents` (Markdown, reStructuredText and text into records), `overview` (questions about a whole
section), `validate`, `extract`, `cases` and `template`. `bridge` is the one place records become what
the matcher reads (and `validate` the one module that builds matchers, to try the alternates); other
modules use only the engine's text functions. Nothing here imports Typer or Rich, or the store.
"""
