"""The anytime words: what a producer can ask for at any step, typed or from the rich menu.

เมนู, ความคืบหน้า, คุยกับเจ้าหน้าที่ (hand-off: the bot goes quiet until a person or the producer
ends it), เริ่มบทนี้ใหม่, หยุดแจ้งเตือน / เปิดแจ้งเตือน, ลบข้อมูลของฉัน (confirmed first),
ข้ามบทนี้ (confirmed first; kept as skipped by the producer), เปลี่ยนชื่อ.
Rich-menu and menu buttons send `a=<action>` postbacks; typed words arrive as intents
(bot.thai). Each action is decided here as a turn with effects; the writer carries them out.
"""

from bot.conversation import journey
from bot.conversation.content import ONBOARDING, Content
from bot.conversation.effects import Erase, HandOff, SetReminders
from bot.conversation.snapshot import Snapshot
from bot.flows import runner
from bot.flows.base import Context, Flow, Input, SetData, SetField, Step, Turn
from bot.flows.common import phrase
from bot.flows.steps_choice import means_of
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
    "skip",
    "skip_yes",
    "rename",
    "rename_line",
}
# Scratchpad keys for a question the bot asked in passing: they last one turn (the engine
# drops them after any other); a late tap on their buttons is an old button.
CONFIRM_DELETE = "confirm_delete"  # "erase everything?"
CONFIRM_SKIP = "confirm_skip"  # "skip this lesson?"
RENAMING = "renaming"  # "what should I call you?": the next text is the new name
# The scratchpad key for when the producer last wrote while waiting for a person.
HANDOFF_HEARD = "handoff_heard"


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
        data = snapshot.position.data if snapshot.position else {}
        asked_to_confirm = bool(data.get(CONFIRM_DELETE))
        if action == "menu":
            menu = self.menu(snapshot.producer.reminders_off, flow, ctx)
            return Turn(flow_id=flow.id, step_id=step_id, messages=[menu]), []
        if action == "progress":
            card = journey.progress_card(self.content, ctx, dict(snapshot.progress), flow.id)
            here.messages.insert(0, card)
            return here, []
        if action == "human":
            back = action_button(ctx, "menu_continue", "continue")  # their way back, any time
            text = Text(phrase(ctx, "handoff_started"), buttons=(back,))
            return Turn(flow_id=flow.id, step_id=step_id, messages=[text],
                        effects=[HandOff(on=True), SetData(HANDOFF_HEARD, None)]), []  # fmt: skip
        if action == "skip":
            return self.skip(flow, step_id, ctx)
        if action == "skip_yes" and not data.get(CONFIRM_SKIP):
            return here, ["old_button"]
        if action == "skip_yes":
            return Turn(flow_id=flow.id, step_id=step_id, go_on=True,
                        skipped_by_producer=[flow.id]), ["lesson_skipped"]  # fmt: skip
        if action == "rename":
            buttons = (("rename_line", "rename_line"), ("menu_continue", "continue"))
            return asking(flow, step_id, ctx, RENAMING, "rename_ask", buttons), []
        if action == "rename_line" and ctx.profile.get("display_name"):
            return renamed(flow, step_id, ctx, ctx.profile["display_name"]), []
        if action == "restart" and flow.id != ONBOARDING:
            return runner.start(flow, ctx), ["restarted"]
        if action in ("stop", "resume", "notify"):
            off = {"stop": True, "resume": False}.get(action, not snapshot.producer.reminders_off)
            here.effects.append(SetReminders(off=off))
            return here, ["reminders_now_off" if off else "reminders_now_on"]
        if action == "delete":
            buttons = (("delete_yes", "delete_yes"), ("delete_no", "delete_no"))
            return asking(flow, step_id, ctx, CONFIRM_DELETE, "delete_confirm", buttons), []
        if action in ("delete_yes", "delete_no") and not asked_to_confirm:
            return here, ["old_button"]
        if action == "delete_yes":
            return Turn(messages=[Text(phrase(ctx, "deleted"))], effects=[Erase()]), []
        if action == "delete_no":
            here.effects.append(SetData(CONFIRM_DELETE, None))
            return here, ["delete_kept"]
        return here, []  # continue: the question again

    def menu(self, reminders_off: bool, flow: Flow, ctx: Context) -> Text:
        """Return the menu bubble: every anytime action as a button."""
        reminders = (
            ("menu_reminders_on", "resume") if reminders_off else ("menu_reminders_off", "stop")
        )
        buttons = [
            action_button(ctx, "menu_continue", "continue"),
            action_button(ctx, "menu_progress", "progress"),
            action_button(ctx, "menu_restart", "restart"),
            action_button(ctx, "menu_human", "human"),
            action_button(ctx, *reminders),
            action_button(ctx, "menu_rename", "rename"),
            action_button(ctx, "menu_delete", "delete"),
        ]
        if self.skippable(flow, ctx):
            buttons.insert(3, action_button(ctx, "menu_skip", "skip"))
        return Text(phrase(ctx, "menu"), buttons=tuple(buttons))

    def skippable(self, flow: Flow, ctx: Context) -> bool:
        """Tell whether the producer may skip this lesson: a lesson, and one comes after it."""
        following, _ = journey.lesson_after(self.content, flow.id, ctx.answers)
        return flow.id != ONBOARDING and following is not None

    def skip(self, flow: Flow, step_id: str, ctx: Context) -> tuple[Turn, list[str]]:
        """Skip what can be skipped here: the question's own skip answer, else the lesson."""
        value = skip_answer(flow.steps[step_id])
        if value is not None:
            return runner.respond(flow, step_id, ctx, Input(kind="postback", value=value)), []
        if not self.skippable(flow, ctx):
            return runner.resume(flow, step_id, ctx), []
        buttons = (("skip_yes", "skip_yes"), ("skip_no", "continue"))
        return asking(flow, step_id, ctx, CONFIRM_SKIP, "skip_confirm", buttons,
                      lesson=flow.title), []  # fmt: skip


def asking(flow: Flow, step_id: str, ctx: Context, key: str, question: str,
           buttons: tuple[tuple[str, str], ...], **extra: str) -> Turn:  # fmt: skip
    """Return a question asked in passing (erase? skip? what name?), remembered for one turn."""
    text = Text(
        phrase(ctx, question, **extra),
        buttons=tuple(action_button(ctx, label, action) for label, action in buttons),
    )
    return Turn(flow_id=flow.id, step_id=step_id, messages=[text], effects=[SetData(key, True)])


def skip_answer(step: Step) -> str | None:
    """Return the answer that skips this question ("ข้ามไปก่อน"), if it has one."""
    if step.type == "place" and step.spec.get("skip_label"):
        return "skip"
    for choice in step.spec.get("choices", ()):
        if "skip" in means_of(choice) and "next" in choice:
            return choice["value"]
    return None


def renamed(flow: Flow, step_id: str, ctx: Context, name: str) -> Turn:
    """Return the turn that calls the producer by a new name: said, then the question again."""
    named = ctx.with_profile(call_name=name)
    turn = runner.resume(flow, step_id, named)
    turn.messages.insert(0, Text(phrase(named, "renamed")))
    turn.effects.extend([SetField("call_name", name), SetData(RENAMING, None)])
    return turn
