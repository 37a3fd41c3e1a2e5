"""The bundled assets agree with the default KB: every prompt an article plays exists as a WAV."""

from __future__ import annotations

import wave

from kb.markdown_files import read_directory
from kb.paths import assets_dir


def test_every_play_prompt_action_has_a_recording_in_its_language() -> None:
    articles = read_directory(assets_dir() / "kb").articles
    prompts = {
        (str(action["prompt"]), article.lang)
        for article in articles
        for action in article.actions
        if action.get("type") == "play-prompt"
    }
    assert prompts, "the default KB should offer at least one prompt"
    for prompt, lang in sorted(prompts):
        path = assets_dir() / "sounds" / f"{prompt}.{lang}.wav"
        assert path.is_file(), f"{path.name} is missing"
        with wave.open(str(path), "rb") as recording:
            assert recording.getnchannels() == 1
            assert recording.getnframes() / recording.getframerate() > 1.0
