"""The anytime words: what a producer can ask for at any step, typed or from the rich menu.

เมนู, ความคืบหน้า, คุยกับเจ้าหน้าที่ (hand-off: the bot goes quiet until staff hand back),
เริ่มบทนี้ใหม่, หยุดแจ้งเตือน / เปิดแจ้งเตือน, ลบข้อมูลของฉัน (confirmed first). Rich-menu
and menu buttons send `a=<action>` postbacks; typed words arrive as intents (bot.thai).
"""

from datetime import datetime

from sqlalchemy import delete, select

from bot.conversation import journey
from bot.conversation.content import ONBOARDING, Content
from bot.flows import runner
from bot.flows.base import Context, Flow, Turn
from bot.flows.common import phrase
from bot.line.messages import Button, Text
from db.models import (
    Answer,
    ConversationState,
    Delivery,
    InboundEvent,
    LessonProgress,
    Livestream,
    Media,
    MessageLog,
    Producer,
    Reminder,
)

# Typed intents that mean an anytime word (the others belong to the step being asked).
INTENT_ACTIONS = {
    "menu": "menu",
    "progress": "progress",
    "human": "human",
    "restart": "restart",
    "stop": "stop",
    "resume": "resume",
    "delete_data": "delete",
}
ACTIONS = {
    "menu",
    "progress",
    "human",
    "restart",
    "stop",
    "resume",
    "notify",
    "continue",
    "delete",
    "delete_yes",
    "delete_no",
}


def action_button(ctx: Context, label_phrase: str, action: str) -> Button:
    """Return a button that asks for an anytime action."""
    label = phrase(ctx, label_phrase)
    return Button(label=label, data=f"a={action}")


class Anytime:
    """Carries out anytime actions on a producer (locked by the caller)."""

    def __init__(self, content: Content):
        self.content = content

    def run(self, action: str, session, producer: Producer, state, flow: Flow, step_id: str,
            ctx: Context, now: datetime) -> tuple[Turn, list[str]]:  # fmt: skip
        """Do what the action asks; return the turn (position and bubbles) and any prefix."""
        here = runner.resume(flow, step_id, ctx)
        if action == "menu":
            return Turn(flow_id=flow.id, step_id=step_id, messages=[self.menu(producer, ctx)]), []
        if action == "progress":
            card = self._progress(session, producer, ctx, flow.id)
            here.messages.insert(0, card)
            return here, []
        if action == "human":
            producer.handoff_at = now
            turn = Turn(flow_id=flow.id, step_id=step_id)
            back = action_button(ctx, "menu_continue", "continue")  # their way back, any time
            turn.messages.append(Text(phrase(ctx, "handoff_started"), buttons=(back,)))
            return turn, []
        if action == "restart" and flow.id != ONBOARDING:
            return runner.start(flow, ctx), ["restarted"]
        if action in ("stop", "resume", "notify"):
            producer.reminders_off = {"stop": True, "resume": False}.get(
                action, not producer.reminders_off
            )
            said = "reminders_now_off" if producer.reminders_off else "reminders_now_on"
            return here, [said]
        if action == "delete":
            state.data = {**(state.data or {}), "confirm_delete": True}
            buttons = (
                action_button(ctx, "delete_yes", "delete_yes"),
                action_button(ctx, "delete_no", "delete_no"),
            )
            text = Text(phrase(ctx, "delete_confirm"), buttons=buttons)
            return Turn(flow_id=flow.id, step_id=step_id, messages=[text]), []
        if action == "delete_no":
            state.data = {k: v for k, v in (state.data or {}).items() if k != "confirm_delete"}
            return here, ["delete_kept"]
        return here, []  # continue: the question again

    def menu(self, producer: Producer, ctx: Context) -> Text:
        """Return the menu bubble: every anytime action as a button."""
        reminders = (
            ("menu_reminders_on", "resume")
            if producer.reminders_off
            else ("menu_reminders_off", "stop")
        )
        buttons = (
            action_button(ctx, "menu_continue", "continue"),
            action_button(ctx, "menu_progress", "progress"),
            action_button(ctx, "menu_restart", "restart"),
            action_button(ctx, "menu_human", "human"),
            action_button(ctx, *reminders),
            action_button(ctx, "menu_delete", "delete"),
        )
        return Text(phrase(ctx, "menu"), buttons=buttons)

    def _progress(self, session, producer: Producer, ctx: Context, current: str):
        rows = session.execute(
            select(LessonProgress.lesson_id, LessonProgress.status).where(
                LessonProgress.producer_id == producer.id
            )
        ).all()
        return journey.progress_card(self.content, ctx, dict(rows), current)

    @staticmethod
    def erase(session, producer: Producer) -> None:
        """Erase everything the bot keeps about the producer but their LINE id.

        A later message or follow starts afresh, from the greeting and the consent.
        """
        for model in (
            MessageLog,
            Answer,
            Media,
            LessonProgress,
            Reminder,
            Livestream,
            ConversationState,
        ):
            session.execute(delete(model).where(model.producer_id == producer.id))
        user = producer.line_user_id
        session.execute(  # what was sent holds their name; what is still to go is kept
            delete(Delivery).where(
                Delivery.line_user_id == user, Delivery.status.in_(("sent", "failed", "skipped"))
            )
        )
        session.execute(
            delete(InboundEvent).where(
                InboundEvent.line_user_id == user, InboundEvent.status == "done"
            )
        )
        for name in Producer.PERSONAL_FIELDS:
            setattr(producer, name, None)
        producer.consent, producer.consent_at = "pending", None
        producer.cohort_id, producer.handoff_at, producer.reminders_off = None, None, False
