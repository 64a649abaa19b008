"""A producer chatting with the bot the way LINE carries it: signed webhooks in, the fake
LINE platform's recorded deliveries out. Flow tests read like chat transcripts."""

from sqlalchemy import select

from db import db
from db.models import ConversationState, Producer, Reminder


class Chat:
    """One producer's LINE chat with the bot."""

    def __init__(self, app, client, fake, user_id=None):
        self.app = app
        self.client = client
        self.fake = fake
        self.user_id = user_id or fake.add_user(display_name="สมศรี ใจดี")
        self.seen = 0  # deliveries already returned by an earlier turn

    # --- what the producer does ---------------------------------------------------------------

    def post(self, *events, redelivery=False):
        """POST these events in one signed webhook body; return the HTTP response."""
        events = list(events)
        if redelivery:
            for event in events:
                event["deliveryContext"] = {"isRedelivery": True}
        body = self.fake.webhook_body(events)
        return self.client.post(
            "/callback",
            data=body,
            headers={"X-Line-Signature": self.fake.sign(body), "Content-Type": "application/json"},
        )

    def send(self, event) -> list[dict]:
        """Send one event and return the bubbles the bot answered with."""
        response = self.post(event)
        assert response.status_code == 200, response.get_data(as_text=True)
        self.app.extensions["dispatcher"].wait_idle()
        replies = self.replies()
        assert len(replies) <= 3, f"{len(replies)} bubbles in one turn"
        return replies

    def follow(self) -> list[dict]:
        return self.send(self.fake.follow_event(self.user_id))

    def say(self, text: str) -> list[dict]:
        return self.send(self.fake.text_event(self.user_id, text))

    def tap(self, label: str) -> list[dict]:
        """Tap the quick-reply button with this label under the bot's last bubble."""
        for item in self.buttons_raw():
            action = item["action"]
            if action.get("label") == label:
                if action["type"] == "postback":
                    return self.send(self.fake.postback_event(self.user_id, action["data"]))
                if action["type"] == "message":
                    return self.say(action["text"])
                raise AssertionError(f"button {label!r} is a {action['type']} button")
        raise AssertionError(f"no button {label!r}; buttons are {self.buttons()}")

    def sticker(self) -> list[dict]:
        return self.send(self.fake.sticker_event(self.user_id))

    # --- what the producer sees ---------------------------------------------------------------

    def all_messages(self) -> list[dict]:
        return [d.message for d in self.fake.messages_for(self.user_id)]

    def replies(self) -> list[dict]:
        """Return the bubbles delivered since the last call."""
        messages = self.all_messages()
        new, self.seen = messages[self.seen :], len(messages)
        return new

    def texts(self, bubbles: list[dict]) -> list[str]:
        return [b.get("text") or b.get("altText", "") for b in bubbles]

    def buttons_raw(self) -> list[dict]:
        messages = self.all_messages()
        if not messages:
            return []
        return messages[-1].get("quickReply", {}).get("items", [])

    def stored(self) -> tuple[Producer, ConversationState | None]:
        """Return the producer and their conversation state as the database keeps them."""
        with self.app.app_context():
            producer = db.session.scalars(
                select(Producer).where(Producer.line_user_id == self.user_id)
            ).one()
            state = db.session.get(ConversationState, producer.id)
            db.session.expunge_all()
            return producer, state

    def reminders(self, **where) -> list[Reminder]:
        """Return the producer's reminder rows (those matching `where`), oldest first."""
        producer, _ = self.stored()
        with self.app.app_context():
            query = select(Reminder).where(Reminder.producer_id == producer.id)
            for name, value in where.items():
                query = query.where(getattr(Reminder, name) == value)
            found = db.session.scalars(query.order_by(Reminder.id)).all()
            db.session.expunge_all()
            return found

    def links(self, bubbles: list[dict] | None = None) -> list[str]:
        """Return the addresses of the link buttons in these bubbles (default: the last three)."""
        found: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                if node.get("type") == "uri" and "uri" in node:
                    found.append(node["uri"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        for bubble in self.all_messages()[-3:] if bubbles is None else bubbles:
            walk({k: v for k, v in bubble.items() if k != "quickReply"})
        return found

    def buttons(self) -> list[str]:
        """Return the labels of the quick-reply buttons under the last bubble."""
        return [item["action"].get("label", "") for item in self.buttons_raw()]

    def start(self, name="ป้าแดง") -> list[dict]:
        """Follow, consent and give a name (confirmed): the province question comes next."""
        self.follow()
        self.tap("ยินยอม")
        self.say(name)
        return self.tap("ใช่ ถูกต้อง")

    def onboard(self, name="ป้าแดง", province="ลำปาง", district="เกาะคา", stage="ยังไม่มี TikTok",
                category="อาหาร", phone="Android"):  # fmt: skip
        """Walk the first conversation by taps and short answers; return its last bubbles."""
        self.start(name)
        self.say(province)
        self.say(district)
        self.tap(category)
        self.tap(phone)
        return self.tap(stage)
