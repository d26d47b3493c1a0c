"""leadercli: answers leaders' questions about a curated article, from a knowledge pack."""

__version__ = "0.1.0"
