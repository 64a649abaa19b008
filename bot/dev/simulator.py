"""Chat with the bot in a terminal, through LINE's real webhook path and a fake LINE platform.

Two ways to reach the bot, both through POST /callback and the same engine:
- local: this process starts a fake LINE platform and an app of its own (same database);
- remote: a bot already running (`make run`) and its fake LINE platform, over HTTP.
Buttons are shown as numbered choices; typing a number taps one, anything else is a message.
A turn the bot answers with silence (a producer waiting for a person, say) is shown as such.
"""

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from db import db
from fakeline import FakeLine

HELP = (
    "พิมพ์ข้อความแล้วกด Enter หรือพิมพ์ตัวเลขเพื่อกดปุ่ม  "
    "/sticker ส่งสติกเกอร์  /photo <ไฟล์> ส่งรูป  /unfollow บล็อก  /follow เพิ่มเพื่อน  /quit ออก"
)
REPLY_WAIT = 5.0  # seconds to wait for the bot's answer to a turn
SILENCE = "(โค้ชไม่ได้ตอบข้อความนี้)"


class LocalLine:
    """A fake LINE platform in this process, delivering to an app through its test client."""

    def __init__(self, make_app: Callable[[FakeLine], object], secret: str, token: str):
        self.fake = FakeLine(channel_secret=secret, access_token=token).start()
        self.app = make_app(self.fake)
        self.client = self.app.test_client()

    def add_user(self, display_name: str) -> str:
        return self.fake.add_user(display_name=display_name)

    def event(self, kind: str, **args) -> dict:
        return getattr(self.fake, f"{kind}_event")(**args)

    def deliver(self, events: list[dict]) -> int:
        body = self.fake.webhook_body(events)
        headers = {"X-Line-Signature": self.fake.sign(body), "Content-Type": "application/json"}
        status = self.client.post("/callback", data=body, headers=headers).status_code
        self.app.extensions["dispatcher"].wait_idle()  # the turn is handled: its answer sent
        return status

    def messages(self, user_id: str, count: int) -> list[dict]:
        """Return the user's messages: the turn was handled, so a shorter list is silence."""
        return [d.message for d in self.fake.messages_for(user_id)]

    def close(self) -> None:
        self.fake.stop()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


class RemoteLine:
    """A running fake LINE platform (its /_fake/ control API) and a running bot."""

    def __init__(self, line_url: str, bot_url: str):
        self.line_url, self.bot_url = line_url, bot_url

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(self.line_url + path, data, headers, method=method)
        with urllib.request.urlopen(request, timeout=REPLY_WAIT + 5) as answer:
            return json.loads(answer.read())

    def add_user(self, display_name: str) -> str:
        return self._call("POST", "/_fake/users", {"display_name": display_name})["user_id"]

    def event(self, kind: str, **args) -> dict:
        if "content" in args:
            args["content_b64"] = base64.b64encode(args.pop("content")).decode()
        return self._call("POST", f"/_fake/events/{kind}", {**args})

    def deliver(self, events: list[dict]) -> int:
        url = self.bot_url + "/callback"
        return self._call("POST", "/_fake/webhook", {"url": url, "events": events})["status"]

    def messages(self, user_id: str, count: int) -> list[dict]:
        """Return the user's messages, waiting a while for `count` (fewer: the bot was silent)."""
        found = self._call("GET", f"/_fake/messages/{user_id}?count={count}&timeout={REPLY_WAIT}")
        return [d["message"] for d in found["messages"]]

    def close(self) -> None:
        pass


def reachable(url: str) -> bool:
    """Tell whether something answers HTTP at this address."""
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Conversation:
    """One producer's chat: what they send, what the bot shows them."""

    def __init__(self, line, user_id: str, echo: Callable[[str], None]):
        self.line, self.user_id, self.echo = line, user_id, echo
        self.seen = len(line.messages(user_id, 0))
        self.buttons: list[dict] = []

    def send(self, kind: str, **args) -> None:
        """Send one event and show the bot's answer."""
        status = self.line.deliver([self.line.event(kind, user_id=self.user_id, **args)])
        if status != 200:
            self.echo(f"(บอตตอบ HTTP {status})")
            return
        messages = self.line.messages(self.user_id, self.seen + 1)
        new, self.seen = messages[self.seen :], len(messages)
        if not new:
            self.echo(SILENCE)
            self.buttons = []  # in LINE, what the producer sends clears the buttons above it
            return
        for message in new:
            shown = message.get("text") or message.get("altText") or f"[{message['type']}]"
            self.echo(f"โค้ช: {shown}")
        self.buttons = [i["action"] for i in new[-1].get("quickReply", {}).get("items", [])]
        for number, action in enumerate(self.buttons, 1):
            self.echo(f"   [{number}] {action.get('label', '')}")

    def tap(self, number: int, ask: Callable[[str], str]) -> None:
        """Tap the numbered button under the last bubble."""
        action = self.buttons[number - 1]
        kind = action["type"]
        if kind == "postback":
            self.send("postback", data=action["data"])
        elif kind == "message":
            self.send("text", text=action["text"])
        elif kind == "location":
            address = ask("ที่อยู่ (เหมือนที่ LINE ส่งเมื่อแชร์ตำแหน่ง)")
            location = {"type": "location", "title": "ตำแหน่ง", "address": address}
            self.send("message", message={**location, "latitude": 13.75, "longitude": 100.5})
        elif kind in ("camera", "cameraRoll"):
            self.photo(ask("ไฟล์รูป"))
        elif kind == "datetimepicker":
            mode = action.get("mode", "datetime")
            value = ask(f"{mode} เช่น 2026-12-25T19:00")
            self.send("postback", data=action["data"], params={mode: value})
        elif kind == "uri":
            self.echo(f"(ปุ่มนี้เปิดลิงก์ {action['uri']})")
        else:
            self.echo(f"(ปุ่มแบบ {kind} ยังจำลองไม่ได้)")

    def photo(self, path: str) -> None:
        try:
            content = Path(path).expanduser().read_bytes()
        except OSError as exc:
            self.echo(f"(เปิดไฟล์ไม่ได้: {exc})")
            return
        self.send("image", content=content)


def run(line, user_id: str, new: bool, ask: Callable[[str], str], echo: Callable[[str], None]):
    """Run the chat loop until /quit or the end of input."""
    chat = Conversation(line, user_id, echo)
    echo(HELP)
    if new:
        chat.send("follow")
    while True:
        try:
            typed = ask("คุณ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if typed in ("/quit", "/exit"):
            break
        if typed.isdigit() and 1 <= int(typed) <= len(chat.buttons):
            chat.tap(int(typed), ask)
        elif typed == "/sticker":
            chat.send("sticker")
        elif typed.startswith("/photo"):
            chat.photo(typed.removeprefix("/photo").strip())
        elif typed in ("/follow", "/unfollow"):
            chat.send(typed[1:])
        elif typed:
            chat.send("text", text=typed)
    line.close()
