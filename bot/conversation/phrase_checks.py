"""The engine's phrases (content/phrases.yaml): which must exist, the placeholders each may use,
which are button labels, and the check of them all."""

from bot.flows.templates import template_errors
from bot.line.messages import MAX_LABEL_GRAPHEMES, graphemes

# What the engine says around any step (content/phrases.yaml), and the extra placeholders a
# phrase may use beyond the persona's and the profile's.
PHRASES: dict[str, tuple[str, ...]] = {
    "not_understood": (),
    "not_a_button": (),
    "image_not_expected": (),
    "old_button": (),
    "welcome_back": (),
    "step_gone": (),
    "sorry_error": (),
    "greeting": (),
    "thanks": (),
    "next_lesson": ("lesson",),
    "staff_linked": ("account",),
    "next_lesson_button": (),
    "skipped_lessons": ("lessons",),
    "when_yes": (),
    "when_no": (),
    "when_picker": (),
    "when_past": (),
    "when_need_time": ("when",),
    "checklist_all": (),
    "invite_ask": (),
    "invite_joined": ("cohort",),
    "invite_unknown": (),
    "photo_this": (),
    "photo_number": ("count",),
    "photo_ok": ("photo",),
    "photo_not_image": ("photo",),
    "photo_too_big": ("photo",),
    "photo_too_small": ("photo",),
    "photo_blurry": ("photo",),
    "photo_too_dark": ("photo",),
    "photo_too_bright": ("photo",),
    "photo_too_far": ("photo",),
    "photo_screenshot": ("photo",),
    "photo_busy_background": ("photo",),
    "photo_lost": ("photo",),
    "photo_not_photo": (),
    "photo_enough": (),
    "photo_again": (),
    "photo_camera": (),
    "photo_roll": (),
    "photo_next": (),
    "photo_help": (),
    "menu": (),
    "menu_continue": (),
    "menu_progress": (),
    "menu_restart": (),
    "menu_human": (),
    "menu_reminders_off": (),
    "menu_reminders_on": (),
    "menu_delete": (),
    "progress_title": (),
    "progress_done": ("count", "total"),
    "reminders_now_off": (),
    "reminders_now_on": (),
    "handoff_started": (),
    "handoff_ended": (),
    "help_offer": (),
    "restarted": ("lesson",),
    "delete_confirm": (),
    "delete_yes": (),
    "delete_no": (),
    "deleted": (),
    "delete_kept": (),
    "reminder_nudge": ("lesson",),
    "reminder_nudge_last": ("lesson",),
    "reminder_next_lesson": ("lesson",),
    "reminder_next_lesson_last": ("lesson",),
    "reminder_live_day_before": ("when",),
    "reminder_live_hour_before": ("when",),
    "reminder_live_early": ("when",),
    "reminder_live_followup": (),
    "reminder_broadcast": ("text",),
    "alcohol_flag": (),
    "menu_open": (),
    "menu_skip": (),
    "menu_rename": (),
    "confirm_done": (),
    "later_when": (),
    "later_morning": (),
    "later_evening": (),
    "later_days": (),
    "later_set": ("when",),
    "question_noted": (),
    "reask_hint": (),
    "reask_stuck": (),
    "reask_human": (),
    "reask_skip": (),
    "skip_confirm": ("lesson",),
    "skip_yes": (),
    "skip_no": (),
    "lesson_skipped": (),
    "rename_ask": (),
    "rename_line": (),
    "renamed": (),
    "handoff_heard": ("hours", "reply"),
    "handoff_reply_soon": (),
    "handoff_reply_at": ("when",),
    "privacy_contact": (),
}
# Button labels among the phrases: LINE allows them 20 characters.
LABEL_PHRASES = {
    "next_lesson_button", "when_yes", "when_no", "when_picker", "checklist_all", "photo_camera",
    "photo_roll", "photo_next", "photo_help", "menu_continue", "menu_progress", "menu_restart",
    "menu_human", "menu_reminders_off", "menu_reminders_on", "menu_delete", "delete_yes",
    "delete_no", "menu_open", "menu_skip", "menu_rename", "later_morning", "later_evening",
    "later_days", "reask_human", "reask_skip", "skip_yes", "skip_no", "rename_line",
}  # fmt: skip


def check_phrases(phrases: dict[str, str]) -> list[str]:
    """Return what is missing or wrong among the engine's phrases."""
    problems = []
    for name, extra in PHRASES.items():
        if not phrases.get(name, "").strip():
            problems.append(f"phrase {name!r} is missing")
            continue
        problems.extend(f"{name}: {p}" for p in template_errors(phrases[name], extra))
        if name in LABEL_PHRASES and graphemes(phrases[name]) > MAX_LABEL_GRAPHEMES:
            problems.append(f"{name}: a button label over 20 characters")
    if "{privacy_contact}" in phrases.get("privacy_contact", ""):
        problems.append("privacy_contact: cannot name itself")
    return problems
