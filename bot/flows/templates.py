"""Fill the placeholders in content text: the persona's polite particles and profile fields.

Content writes `{ค่ะ}`, `{คะ}` and `{นะคะ}` so that one setting (BOT_PERSONA) turns the whole
bot into ครับ; `{name}`, `{province}` and `{district}` come from the producer's profile, and
`{answer.KEY}` is the producer's answer saved as KEY (the validator checks some step saves it).
`{keep_for}` says how long a silent producer's data is kept (INACTIVE_ERASE_DAYS), and
`{privacy_contact}` whom to ask about their data (a phrase deployers edit).
"""

import re

from bot.flows.base import Context

PARTICLES = {
    "female": {"ค่ะ": "ค่ะ", "คะ": "คะ", "นะคะ": "นะคะ"},
    "male": {"ค่ะ": "ครับ", "คะ": "ครับ", "นะคะ": "นะครับ"},
}
PROFILE_TOKENS = ("name", "province", "district")
PRIVACY_CONTACT = "privacy_contact"
SETTING_TOKENS = ("keep_for", PRIVACY_CONTACT)
TOKEN = re.compile(r"\{([^{}]*)\}")
ANSWER = "answer."


def say(template: str, ctx: Context, **extra: str) -> str:
    """Return the template with its placeholders filled for this producer.

    `extra` fills the placeholders only some texts have ({when}, {cohort}, {lesson}, …).
    """
    particles = PARTICLES[ctx.persona]

    def fill(match: re.Match) -> str:
        token = match.group(1)
        if token in particles:
            return particles[token]
        if token in extra:
            return str(extra[token])
        if token.startswith(ANSWER):
            return str(ctx.answers.get(token.removeprefix(ANSWER), ""))
        if token == "name":
            return ctx.profile.get("call_name") or ctx.profile.get("display_name") or "คุณ"
        if token == "keep_for":
            return ctx.keep_for
        if token == PRIVACY_CONTACT:
            return say(ctx.phrases.get(PRIVACY_CONTACT, ""), ctx)
        return str(ctx.profile.get(token) or "")

    return TOKEN.sub(fill, template)


def template_errors(
    template: str, extra: tuple[str, ...] = (), answers: frozenset[str] | None = None
) -> list[str]:
    """Return the placeholders in a template that the bot does not know there.

    `answers` are the keys some step saves; None where answers cannot be used.
    """
    known = set(PARTICLES["female"]) | set(PROFILE_TOKENS) | set(SETTING_TOKENS) | set(extra)
    if answers:
        known |= {ANSWER + key for key in answers}
    return [f"unknown placeholder {{{t}}}" for t in TOKEN.findall(template) if t not in known]
