"""The baseline for startup ratios: the smallest useful Typer app (two commands), on the same Typer."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    print(f"hello {name}")


@app.command()
def bye(name: str) -> None:
    print(f"bye {name}")


if __name__ == "__main__":
    app()
