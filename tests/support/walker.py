"""Walk a producer through the lessons the way a person would: reading where they stand and
answering that step's question, by tapping its buttons or by typing in everyday (and dialect)
Thai. The walker knows step types, not lessons: it takes whatever lesson files there are."""

import itertools
from collections import deque
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.conversation.content import Content
from bot.flows import STEP_TYPES
from tests.support import photo_images

BANGKOK = ZoneInfo("Asia/Bangkok")
# Polite endings people type, from Bangkok, the north and the north-east.
ENDINGS = ("จ้า", "เจ้า", "เด้อ", "ค่ะ", "นะครับ", "")


def position(me) -> tuple[str, str, dict]:
    """Return the producer's flow, step and scratchpad, as stored."""
    _, state = me.stored()
    return state.flow_id, state.step_id, dict(state.data or {})


def distance_to_end(flow) -> dict[str, int]:
    """Return, for each step, how many steps it is from an end (following `targets`)."""
    leads_here: dict[str, list[str]] = {step_id: [] for step_id in flow.steps}
    ends = []
    for step in flow.steps.values():
        targets = STEP_TYPES[step.type].targets(step)
        if not targets:
            ends.append(step.id)
        for target in targets:
            leads_here[target].append(step.id)
    distance = dict.fromkeys(ends, 0)
    todo = deque(ends)
    while todo:
        step_id = todo.popleft()
        for before in leads_here[step_id]:
            if before not in distance:
                distance[before] = distance[step_id] + 1
                todo.append(before)
    return distance


class Walker:
    """Answers each step on the shortest way to the end of its lesson."""

    def __init__(self, me, content: Content, typed: bool, clock):
        self.me = me
        self.content = content
        self.typed = typed
        self.clock = clock
        self.endings = itertools.cycle(ENDINGS)
        self.distances = {flow_id: distance_to_end(f) for flow_id, f in content.flows.items()}
        self.turns: list[list[dict]] = []

    def say(self, text: str) -> list[dict]:
        return self._keep(self.me.say(text + next(self.endings)))

    def tap(self, label: str) -> list[dict]:
        return self._keep(self.me.tap(label))

    def _keep(self, bubbles):
        self.turns.append(bubbles)
        return bubbles

    def until(self, flow_id: str, step_id: str | None = None, limit: int = 200) -> None:
        """Answer step after step until the producer stands on this flow (and step)."""
        for _ in range(limit):
            here, at, _ = position(self.me)
            if here == flow_id and step_id in (None, at):
                return
            self.step()
        raise AssertionError(f"did not reach {flow_id}/{step_id} in {limit} answers")

    def to_the_end(self, limit: int = 200) -> None:
        """Answer until the producer stands on the last step of the last lesson."""
        last = self.content.journey[-1].id
        for _ in range(limit):
            flow_id, step_id, _ = position(self.me)
            flow = self.content.flows[flow_id]
            if flow_id == last and not STEP_TYPES[flow.steps[step_id].type].targets(
                flow.steps[step_id]
            ):
                return
            self.step()
        raise AssertionError(f"did not graduate in {limit} answers")

    def step(self) -> None:
        """Answer the question the producer stands on, once."""
        flow_id, step_id, data = position(self.me)
        step = self.content.flows[flow_id].steps[step_id]
        getattr(self, f"_{step.type}")(step, data, self.distances[flow_id])

    # --- one method per step type the lessons use ---------------------------------------------

    def _end(self, step, data, distance):
        if self.typed:
            self.say("ไปต่อเลย")
        else:
            self.tap(self.content.phrases["next_lesson_button"])

    def _choice(self, step, data, distance):
        onward = [c for c in step.spec["choices"] if "next" in c]
        choice = min(onward, key=lambda c: distance[c["next"]])
        if self.typed:
            self.say((choice.get("match") or [choice["label"]])[0])
        else:
            self.tap(choice["label"])

    def _checklist(self, step, data, distance):
        if self.typed:
            self.say("ครบแล้ว")
        else:
            self.tap(self.content.phrases["checklist_all"])

    def _photo(self, step, data, distance):
        if int(data.get(f"photos:{step.id}") or 0) < int(step.spec.get("min_good", 1)):
            self._keep(
                self.me.send(self.me.fake.image_event(self.me.user_id, photo_images.sharp()))
            )
        elif self.typed:
            self.say("ไปต่อ")
        else:
            self.tap(self.content.phrases["photo_next"])

    def _when(self, step, data, distance):
        if data.get(f"when:{step.id}"):
            if self.typed:
                self.say("ใช่แล้ว")
            else:
                self.tap(self.content.phrases["when_yes"])
        elif self.typed:
            self.say("พรุ่งนี้ สองทุ่ม")
        else:
            picker = next(
                b["action"]
                for b in self.me.buttons_raw()
                if b["action"]["type"] == "datetimepicker"
            )
            tomorrow = self.clock().astimezone(BANGKOK) + timedelta(days=1)
            picked = tomorrow.strftime("%Y-%m-%dT20:00")
            event = self.me.fake.postback_event(
                self.me.user_id, picker["data"], params={"datetime": picked}
            )
            self._keep(self.me.send(event))

    def _number(self, step, data, distance):
        if self.typed:
            self.say("ประมาณสามสิบ")
        else:
            self.tap(str(step.spec["presets"][-1]))
