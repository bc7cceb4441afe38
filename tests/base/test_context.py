"""The settings a use of dvc runs under are passed in (a Context), not module globals."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dvc_cli import context, i18n
from dvc_cli.catalog import registry
from dvc_cli.i18n import _

MESSAGE = "đã dừng."  # a message of dvc's own, translated in the English catalog


def test_using_switches_the_language_for_the_block_only():
    before = i18n.language()
    with context.using(context.current().but(language="en")):
        assert i18n.language() == "en"
        assert _(MESSAGE) != MESSAGE
    assert i18n.language() == before


def test_language_is_normalised_and_checked():
    assert context.Context(language="EN_us.UTF-8").language == "en"
    with pytest.raises(ValueError):
        context.Context(language="fr")


def test_procedure_dirs_of_the_context_come_first(tmp_path: Path):
    (tmp_path / "demo.yaml").write_text("id: demo\n", encoding="utf-8")
    with context.using(context.Context(procedure_dirs=(tmp_path,))):
        assert registry.search_path()[0] == tmp_path
        assert "demo" in registry.procedure_files()
    assert tmp_path not in registry.search_path()


def test_each_thread_has_its_own_context():
    seen: dict[str, str] = {}
    ready = threading.Barrier(2)

    def work(lang: str) -> None:
        with context.using(context.Context(language=lang)):
            ready.wait(timeout=5)
            seen[lang] = _(MESSAGE)

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("vi", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen["vi"] == MESSAGE and seen["en"] != MESSAGE


def test_the_cli_puts_its_context_back(tmp_path: Path):
    from typer.testing import CliRunner

    from dvc_cli.cli.main import app

    before = context.current()
    result = CliRunner().invoke(app, ["--lang", "en", "--plain", "list"])
    assert result.exit_code == 0, result.output
    assert context.current() == before
