"""The terminal simulator (`flask --app app simulate`): a chat typed line by line, shown as text."""

from bot.dev.simulator import SILENCE, LocalLine, run
from tests.support.app import SECRET, TOKEN, make_app


def simulate(backend, tmp_path, typed: list[str]) -> tuple[list[str], int]:
    """Run the simulator on these lines, then the end of input: what it showed, lines read."""
    line = LocalLine(lambda fake: make_app(backend, fake, tmp_path), SECRET, TOKEN)
    shown, lines, read = [], iter(typed), []

    def ask(prompt: str) -> str:
        read.append(prompt)
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    try:
        run(line, line.add_user("ผู้ทดลอง"), True, ask=ask, echo=shown.append)
    finally:
        line.app.extensions["reminders"].stop()
    return shown, len(read)


def test_a_silent_bot_is_shown_as_silence_and_the_chat_goes_on(backend, tmp_path):
    typed = ["1", "ขอคุยกับเจ้าหน้าที่", "ฮัลโหล", "ฮัลโหล", "1"]
    shown, read = simulate(backend, tmp_path, typed)
    assert read == len(typed) + 1  # every line was read, then the end of input
    assert any("ยินยอม" in line for line in shown)  # the consent question, with its button
    asked = next(i for i, line in enumerate(shown) if "เจ้าหน้าที่จะตอบกลับ" in line)
    # Waiting for a person, the bot stays silent at least from the second message on; the
    # silence clears the buttons as LINE does, so the last "1" is a message, not a tap.
    assert shown[asked:].count(SILENCE) >= 2
    assert shown[-1] == SILENCE
