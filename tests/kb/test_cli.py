"""``python -m kb`` as IT and scripts use it (a real subprocess, SUFLER_HOME in a temp dir)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.markdown_files import write_directory
from tests.kb.conftest import fixture_articles

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    # no bundled content: these homes hold only the fixture articles
    env = {**os.environ, "SUFLER_HOME": str(home), "PYTHONPATH": str(ROOT),
           "SUFLER_ASSETS": str(home / "no-assets")}
    return subprocess.run(
        [sys.executable, "-m", "kb", *args], input=stdin, capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli-home")
    src = tmp_path_factory.mktemp("cli-src")
    write_directory(src, fixture_articles(), [])
    result = run(home, "import", str(src))
    assert result.returncode == 0, result.stderr
    assert f"imported {len(fixture_articles())} articles" in result.stdout
    return home


def test_search_json_lines_from_stdin(home: Path) -> None:
    result = run(home, "search", "--json", "--limit", "2", stdin="телефон\nht,tyjr\n\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["query"] for r in lines] == ["телефон", "ht,tyjr", ""]
    assert lines[0]["hits"][0]["slug"] == "phone-broken"
    assert lines[1]["hits"][0]["slug"] == "child-caller"
    assert lines[2]["hits"] == []
    hit = lines[0]["hits"][0]
    assert {"slug", "title", "kind", "score", "snippet"} <= hit.keys()
    assert isinstance(lines[0]["took_ms"], float) and len(lines[0]["hits"]) <= 2


def test_search_with_query_and_filters(home: Path) -> None:
    result = run(home, "search", "--json", "--lang", "en", "phone")
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["lang"] == "en" for h in hits)
    result = run(home, "search", "--kind", "procedure", "телефон")
    assert result.returncode == 0 and "delivery" in result.stdout and "phone-broken" not in (
        result.stdout)


def test_export_check_stats_reindex(home: Path, tmp_path: Path) -> None:
    result = run(home, "export", str(tmp_path / "out"))
    assert result.returncode == 0
    assert len(list((tmp_path / "out").rglob("*.md"))) == len(fixture_articles())
    assert run(home, "reindex").returncode == 0
    check = run(home, "check")
    assert check.returncode == 0 and "ok" in check.stdout
    # an article in one language only is reported, not treated as broken
    assert "article delivery exists only in ru: add its English version" in check.stdout
    assert "article phone-broken exists only" not in check.stdout
    stats = json.loads(run(home, "stats", "--json").stdout)
    assert stats["articles"] == len(fixture_articles())


def test_check_names_tags_paired_out_of_order_without_failing(tmp_path: Path) -> None:
    from kb.model import Article

    src = tmp_path / "src"
    write_directory(src, [
        Article("router-setup", "procedure", "ru", "Настройка роутера",
                tags=["роутер", "интернет"], body="Перезагрузите роутер."),
        Article("router-setup", "procedure", "en", "Router setup",
                tags=["internet", "router"], body="Restart the router."),
    ], [])
    home = tmp_path / "home"
    assert run(home, "import", str(src)).returncode == 0
    check = run(home, "check")
    assert check.returncode == 0 and check.stdout.rstrip().endswith("ok"), check.stderr
    assert ("article router-setup: the Russian and English tags pair by position"
            in check.stdout)
    assert "in the order of the Russian ones: router, internet" in check.stdout


def test_bad_import_exits_1_naming_the_file(home: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.ru.md").write_text("---\nslug: x\nkind: nope\nlang: ru\ntitle: T\n---\n")
    result = run(home, "import", str(tmp_path))
    assert result.returncode == 1
    assert "bad.ru.md" in result.stderr and "unknown kind" in result.stderr
    assert "nothing was imported" in result.stderr


def test_check_exits_1_on_a_broken_index(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_directory(src, fixture_articles(), [])
    home = tmp_path / "home"
    assert run(home, "import", str(src)).returncode == 0
    for seg in (home / "index").glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:10])
    result = run(home, "check")
    assert result.returncode == 1 and "index" in result.stderr


def test_import_refuses_an_article_breaking_a_content_rule_and_warns_on_cleanups(
        home: Path, tmp_path: Path) -> None:
    bad, fine = tmp_path / "bad", tmp_path / "fine"
    bad.mkdir()
    fine.mkdir()
    head = "---\nslug: {slug}\nkind: product\nlang: ru\ntitle: \"{title}\"\n---\n"
    (bad / "img.ru.md").write_text(head.format(slug="img", title="Схема")
                                   + "![](/dev/zero)\n", encoding="utf-8")
    result = run(home, "import", str(bad))
    assert result.returncode == 1
    assert "img.ru.md" in result.stderr and "body: the image '/dev/zero'" in result.stderr
    (fine / "flip.ru.md").write_text(head.format(slug="flip", title="Тариф \\u202eпро"),
                                     encoding="utf-8")
    result = run(home, "import", str(fine))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "flip.ru.md: title: bidi control" in result.stderr
