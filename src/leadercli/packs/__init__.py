"""Knowledge packs: documents and YAML into typed records.

`sections` (the records and the one registry of their kinds), `pack` (a loaded pack), `loader` (YAML
into a Pack, with located errors and structured warnings), `safeyaml` (the hardened YAML reader),
`validate`, `extract`, `cases` and `template`; `bridge` is the only module that talks to the matcher.
Nothing here imports Typer or Rich.
"""
