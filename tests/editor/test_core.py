"""The editor's logic without Qt: drafts survive reopening, word diffs, three-way merges, and
content checks that point at the field."""

from __future__ import annotations

from pathlib import Path

from agent.editor.diff import diff_html, field_changes, word_diff
from agent.editor.drafts import Draft, DraftStore, SynonymsDraft
from agent.editor.merge import three_way
from agent.editor.model import blank_article
from agent.editor.rules import (
    ERROR,
    KNOWN_PLACEHOLDERS,
    WARNING,
    Floor,
    check_article,
    check_synonym_sets,
    installed_prompts,
)


def article(**fields: object) -> dict:
    data = blank_article()
    data.update(slug="late-caller", title="Абонент опаздывает", body="Скажите **спокойно**.",
                replies=["Добрый день, {caller_name}."])
    data.update(fields)
    return data


def test_drafts_are_committed_and_found_again_after_reopening(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "editor.sqlite")
    base = article()
    draft = store.save(Draft(article=article(title="Новое"), base=base, base_revision=7,
                             origin=("late-caller", "ru")))
    new = store.save(Draft(article=article(slug="brand-new")))
    store.save_synonyms(SynonymsDraft([["мат", "брань"]], [], 3))
    store.close()

    again = DraftStore(tmp_path / "editor.sqlite")
    found = again.for_article("late-caller", "ru")
    assert found is not None and found.id == draft.id and found.base_revision == 7
    assert found.article["title"] == "Новое" and found.changed and not found.is_new
    assert again.get(new.id) is not None and again.get(new.id).is_new  # type: ignore[union-attr]
    assert again.synonyms() == SynonymsDraft([["мат", "брань"]], [], 3,
                                             again.synonyms().updated_at)  # type: ignore
    assert again.discard(draft.id) and again.for_article("late-caller", "ru") is None
    assert len(again.all()) == 1


def test_word_diff_marks_the_changed_word_only() -> None:
    parts = word_diff("Попросите абонента подождать минуту.", "Попросите абонента подождать "
                                                                "две минуты.")
    assert ("-", "минуту") in parts and ("+", "две минуты") in parts
    assert parts[0] == ("=", "Попросите абонента подождать ")
    html = diff_html([("+", "<script>")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    changes = field_changes(article(), article(title="Другой", tags=["шум"]))
    assert [c.field for c in changes] == ["title", "tags"]


def test_three_way_merge_takes_one_sided_changes_and_flags_both_sided_ones() -> None:
    base = article()
    mine = article(title="Мой заголовок", tags=["мой"])
    theirs = article(body="Их текст.", tags=["их"])
    merge = three_way(base, mine, theirs)
    assert merge.merged["title"] == "Мой заголовок" and merge.merged["body"] == "Их текст."
    assert merge.conflicts == ["tags"] and not merge.resolved
    merge.choose("tags", "theirs")
    assert merge.resolved and merge.merged["tags"] == ["их"]
    assert three_way(None, mine, theirs).conflicts == ["title", "tags", "body"]


def floor() -> Floor:
    return Floor(slugs={"ru": {"manager-contact", "late-caller"}, "en": {"manager-contact"}},
                 departments={"quality", "supervisor"}, prompts=installed_prompts())


def test_checks_point_at_the_field() -> None:
    bad = article(slug="", title=" ", replies=["", "Здравствуйте, {имя}"],
                  actions=[{"type": "transfer", "target": "nowhere"},
                           {"type": "play-prompt", "prompt": "missing"}, {"type": "dance"}],
                  body="См. [директор](kb:no-such-article)")
    problems = {(p.field, p.severity) for p in check_article(bad, floor(), is_new=True)}
    assert {("slug", ERROR), ("title", ERROR), ("replies[0]", ERROR), ("replies[1]", ERROR),
            ("actions[0]", ERROR), ("actions[1]", ERROR), ("actions[2]", ERROR),
            ("body", ERROR)} <= problems
    unknown = next(p for p in check_article(bad, floor(), is_new=True)
                   if p.field == "replies[1]")
    assert "{имя}" in unknown.message and all(k in unknown.message for k in KNOWN_PLACEHOLDERS)

    duplicate = check_article(article(), floor(), is_new=True)
    assert (duplicate[0].field, duplicate[0].severity) == ("slug", ERROR)
    fine = check_article(article(body="[см.](manager-contact)", actions=[
        {"type": "transfer", "target": "quality"},
        {"type": "play-prompt", "prompt": "please-hold"}]), floor(), is_new=False)
    assert [(p.field, p.severity) for p in fine] == [("lang", WARNING)]  # no English yet
    nothing = check_article(article(body="---\n\n***\n[](kb:late-caller)"), floor(), is_new=False)
    assert ("body", ERROR) in {(p.field, p.severity) for p in nothing}
    assert [p.field for p in check_synonym_sets([["мат", "Мат"], ["одно"], ["а", "б"]])] == [
        "sets[0]", "sets[1]"]


def test_known_placeholders_are_the_ones_the_desktop_fills() -> None:
    import inspect

    from agent.ui.reply_values import ReplyValues

    source = inspect.getsource(ReplyValues.values)
    assert all(f'"{name}"' in source for name in KNOWN_PLACEHOLDERS)



def test_rendering_by_sections_gives_the_same_html_as_rendering_at_once() -> None:
    from agent.ui.article_render import render_markdown
    from agent.ui.editor.sections import SectionRenderer, split_sections
    from benchmarks.editor_preview import article_body

    bodies = [article_body(6000), "Текст\n# Заголовок\n- пункт\n\n  продолжение\n## Ещё",
              "```\n# не заголовок\n```\n# Заголовок\nтекст", "> цитата\n# H\n1. а\n2. б\n",
              "[a]: kb:x\n# H\nсм. [a]", "~~~\n## x\n~~~~\ntext\n### y",
              "# Картинка\n![схема](kb:scheme.png)\n# Ещё\nтекст"]
    renderer = SectionRenderer()
    for body in bodies:
        assert "".join(split_sections(body)) == body
        for text in (body, body + "\nещё слово"):
            whole, parts = render_markdown(text), renderer(text)
            assert parts.html == whole.html
            assert (parts.images, parts.blocked_images, parts.cut) == (
                whole.images, whole.blocked_images, whole.cut)
