"""The text engine (leadercli.matching.text) on Chinese and Japanese: words without spaces between them
were one "word" a sentence long, so `ask` declined every question about a Chinese README and `search 代理`
found nothing although the page says 代理."""

# ruff: noqa: RUF001 (the document and questions are Chinese, full-width punctuation and all)

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.matching.text import cjk_pairs, cjk_words, normalize, split_answer_sentences, split_question
from tests.conftest import run, run_json

README = """\
# 快速入门

本项目是一个命令行工具。

## 安装

使用 pip 安装：`pip install foo`。需要 Python 3.8 或更高版本。

## 配置文件

配置文件位于 ~/.foo/config.toml，可以设置代理和超时时间。

## 常见问题

如果出现网络错误，请检查代理设置。
"""


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("配置文件", ["配置", "置文", "文件"]),
        ("的", ["的"]),
        ("pip安装", ["pip", "安装"]),
        ("ひらがなカタカナ", ["ひら", "らが", "がな", "なカ", "カタ", "タカ", "カナ"]),
        # Hangul too: written with spaces, but its particles cling to its words ("문장을"), as Lucene reads it
        ("한국어", ["한국", "국어"]),
        ("install", ["install"]),
    ],
)
def test_chinese_and_japanese_runs_are_read_as_pairs_of_characters(word: str, parts: list[str]) -> None:
    assert cjk_words(word) == parts


def test_words_pairs_and_sentences() -> None:
    pairs = ["配置", "置文", "文件", "件在", "在哪", "哪里"]
    assert normalize("配置文件在哪里？") == [
        *pairs,
        *"配置文件在哪里",
    ]  # the matcher reads the characters too
    assert cjk_words("默认值", characters=True) == ["默认", "认值", "默", "认", "值"]
    assert [(found.group(), found.span()) for found in cjk_pairs("a 代理 b 的")] == [
        ("代理", (2, 4)),
        ("的", (7, 8)),
    ]
    assert split_answer_sentences("本项目是工具。需要 Python。Then more.") == [
        "本项目是工具。",
        "需要 Python。",
        "Then more.",
    ]
    assert split_question("如何安装？配置呢") == ["如何安装", "配置呢"]


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.zh-CN.md"
    path.write_text(README, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("如何安装", "安装"),
        ("配置文件在哪里", "配置文件"),
        ("超时时间怎么设置", "配置文件"),
        ("网络错误怎么办", "常见问题"),
    ],
)
def test_ask_answers_a_chinese_document(readme: Path, question: str, section: str) -> None:
    payload = run_json("--pack", str(readme), "ask", question)
    assert payload["answered"] and payload["match"]["question"] == section


def test_an_off_topic_chinese_question_is_declined(readme: Path) -> None:
    assert not run_json("--pack", str(readme), "ask", "今天天气怎么样")["answered"]


def test_search_finds_and_marks_a_chinese_word(readme: Path) -> None:
    payload = run_json("--pack", str(readme), "search", "代理")
    assert [hit["question"] for hit in payload["results"]] == ["配置文件", "常见问题"]
    first = payload["results"][0]
    assert [first["snippet"][start:end] for start, end in first["spans"]] == ["代理"]
    shown = run("--pack", str(readme), "search", "代理", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "代理" in shown and "\x1b[" in shown
