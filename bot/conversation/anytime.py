"""The anytime words: what a producer can ask for at any step, typed or from the rich menu.

เมนู, ความคืบหน้า, คุยกับเจ้าหน้าที่ (hand-off: the bot goes quiet until a person or the producer
ends it), เริ่มบทนี้ใหม่, หยุดแจ้งเตือน / เปิดแจ้งเตือน, ลบข้อมูลของฉัน (confirmed first).
Rich-menu and menu buttons send `a=<action>` postbacks; typed words arrive as intents
(bot.thai). Each action is decided here as a turn with effects; the writer carries them out.
"""

from bot.conversation import journey
from bot.conversation.content import ONBOARDING, Content
from bot.conversation.effects import Erase, HandOff, SetReminders
from bot.conversation.snapshot import Snapshot
from bot.flows import runner
from bot.flows.base import Context, Flow, SetData, Turn
from bot.flows.common import phrase
from bot.line.messages import Button, Text

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
# The scratchpad key that says the producer was asked to confirm erasing their data.
CONFIRM_DELETE = "confirm_delete"


def action_button(ctx: Context, label_phrase: str, action: str) -> Button:
    """Return a button that asks for an anytime action."""
    label = phrase(ctx, label_phrase)
    return Button(label=label, data=f"a={action}")


class Anytime:
    """Decides anytime actions: the turn to answer with, and the phrases to lead with."""

    def __init__(self, content: Content):
        self.content = content

    def run(self, action: str, snapshot: Snapshot, flow: Flow, step_id: str,
            ctx: Context) -> tuple[Turn, list[str]]:  # fmt: skip
        """Do what the action asks; return the turn (position, bubbles, effects) and lead-in."""
        here = runner.resume(flow, step_id, ctx)
        asked_to_confirm = bool(snapshot.position and snapshot.position.data.get(CONFIRM_DELETE))
        if action == "menu":
            menu = self.menu(snapshot.producer.reminders_off, ctx)
            return Turn(flow_id=flow.id, step_id=step_id, messages=[menu]), []
        if action == "progress":
            card = journey.progress_card(self.content, ctx, dict(snapshot.progress), flow.id)
            here.messages.insert(0, card)
            return here, []
        if action == "human":
            back = action_button(ctx, "menu_continue", "continue")  # their way back, any time
            text = Text(phrase(ctx, "handoff_started"), buttons=(back,))
            return Turn(flow_id=flow.id, step_id=step_id, messages=[text],
                        effects=[HandOff(on=True)]), []  # fmt: skip
        if action == "restart" and flow.id != ONBOARDING:
            return runner.start(flow, ctx), ["restarted"]
        if action in ("stop", "resume", "notify"):
            off = {"stop": True, "resume": False}.get(action, not snapshot.producer.reminders_off)
            here.effects.append(SetReminders(off=off))
            return here, ["reminders_now_off" if off else "reminders_now_on"]
        if action == "delete":
            buttons = (
                action_button(ctx, "delete_yes", "delete_yes"),
                action_button(ctx, "delete_no", "delete_no"),
            )
            text = Text(phrase(ctx, "delete_confirm"), buttons=buttons)
            return Turn(flow_id=flow.id, step_id=step_id, messages=[text],
                        effects=[SetData(CONFIRM_DELETE, True)]), []  # fmt: skip
        if action in ("delete_yes", "delete_no") and not asked_to_confirm:
            return here, ["old_button"]
        if action == "delete_yes":
            return Turn(messages=[Text(phrase(ctx, "deleted"))], effects=[Erase()]), []
        if action == "delete_no":
            here.effects.append(SetData(CONFIRM_DELETE, None))
            return here, ["delete_kept"]
        return here, []  # continue: the question again

    def menu(self, reminders_off: bool, ctx: Context) -> Text:
        """Return the menu bubble: every anytime action as a button."""
        reminders = (
            ("menu_reminders_on", "resume") if reminders_off else ("menu_reminders_off", "stop")
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
