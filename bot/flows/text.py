"""Fill the placeholders in content text: the persona's polite particles and profile fields.

Content writes `{ค่ะ}`, `{คะ}` and `{นะคะ}` so that one setting (BOT_PERSONA) turns the whole
bot into ครับ; `{name}`, `{province}` and `{district}` come from the producer's profile.
"""

import re

from bot.flows.base import Context

PARTICLES = {
    "female": {"ค่ะ": "ค่ะ", "คะ": "คะ", "นะคะ": "นะคะ"},
    "male": {"ค่ะ": "ครับ", "คะ": "ครับ", "นะคะ": "นะครับ"},
}
PROFILE_TOKENS = ("name", "province", "district")
TOKEN = re.compile(r"\{([^{}]*)\}")


def say(template: str, ctx: Context) -> str:
    """Return the template with its placeholders filled for this producer."""
    particles = PARTICLES[ctx.persona]

    def fill(match: re.Match) -> str:
        token = match.group(1)
        if token in particles:
            return particles[token]
        if token == "name":
            return ctx.profile.get("call_name") or ctx.profile.get("display_name") or "คุณ"
        return str(ctx.profile.get(token) or "")

    return TOKEN.sub(fill, template)


def template_errors(template: str) -> list[str]:
    """Return the placeholders in a template that the bot does not know."""
    known = set(PARTICLES["female"]) | set(PROFILE_TOKENS)
    return [f"unknown placeholder {{{t}}}" for t in TOKEN.findall(template) if t not in known]
