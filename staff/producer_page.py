"""A producer's page: profile, where they stand, timeline, chat history, photos and actions.

The actions (hand off to a person, hand back, reminders off or on) are the shared ones in
bot.producers, the same the bot uses; each is written to the audit log.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from bot import producers as actions
from db import db
from db.models import Answer, Cohort, ConversationState, Media, MessageLog, StaffAccount
from staff import audit, bp
from staff.auth import now
from staff.scope import producer_or_404
from staff.stages import answer_label, step_text
from staff.timeline import timeline

CHAT_SHOWN = 200


@bp.get("/producers/<int:producer_id>")
def producer_page(producer_id: int):
    """Show one producer of my area."""
    producer = producer_or_404(producer_id, current_user)
    state = db.session.get(ConversationState, producer.id)
    cohort = db.session.get(Cohort, producer.cohort_id) if producer.cohort_id else None
    coach = db.session.get(StaffAccount, cohort.coach_id) if cohort and cohort.coach_id else None
    entries, cut = timeline(db.session, producer)
    return render_template(
        "staff/producer.html",
        producer=producer,
        state=state,
        where=step_text(state.flow_id, state.step_id) if state else "",
        cohort=cohort,
        coach=coach,
        entries=entries,
        cut=cut,
        chat=chat_history(producer) if producer.consent == "given" else None,
        now=now(),
    )


def chat_history(producer) -> list[dict]:
    """Return the latest bubbles in and out, oldest first; each reply with what the bot read."""
    rows = db.session.scalars(
        select(MessageLog)
        .where(MessageLog.producer_id == producer.id)
        .order_by(MessageLog.created_at.desc(), MessageLog.id.desc())
        .limit(CHAT_SHOWN)
    ).all()
    answers = {
        (a.flow_id, a.step_id, a.created_at): answer_label(a.flow_id, a.value, a.key)
        for a in db.session.scalars(select(Answer).where(Answer.producer_id == producer.id))
    }
    bubbles = []
    for row in reversed(rows):
        text, read = row.text or "", None
        if row.direction == "in":
            read = answers.get((row.flow_id, row.step_id, row.created_at))
            if row.kind == "postback":  # a tapped button: show its label, as the producer saw
                text = answer_label(row.flow_id, text)
        where = step_text(row.flow_id, row.step_id)
        bubbles.append({"row": row, "text": text, "where": where, "read": read})
    return bubbles


@bp.get("/producers/<int:producer_id>/photos/<int:media_id>")
def producer_photo(producer_id: int, media_id: int):
    """Serve a photo the producer sent (only to staff who may see the producer)."""
    producer = producer_or_404(producer_id, current_user)
    media = db.session.get(Media, media_id)
    if media is None or media.producer_id != producer.id:
        abort(404)
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return media.content, 200, {"Content-Type": media.content_type, **headers}


@bp.post("/producers/<int:producer_id>/<any(hand_off, hand_back):action>")
def producer_handoff(producer_id: int, action: str):
    """Hand the producer to a person, or back to the bot."""
    producer, moment = _locked(producer_id)
    if (producer.handoff_at is None) == (action == "hand_off"):  # not done twice
        getattr(actions, action)(db.session, producer, moment)
        audit.record(db.session, action, moment, target=("producer", producer.id))
        flash("ส่งต่อให้เจ้าหน้าที่แล้ว" if action == "hand_off" else "คืนให้บอตดูแลแล้ว", "ok")
    db.session.commit()
    return redirect(url_for("staff.producer_page", producer_id=producer.id))


@bp.post("/producers/<int:producer_id>/reminders")
def producer_reminders(producer_id: int):
    """Turn the producer's reminders off or on."""
    producer, moment = _locked(producer_id)
    off = request.form.get("off") == "1"
    if producer.reminders_off != off:
        actions.set_reminders(db.session, producer, off, moment)
        action = "reminders_off" if off else "reminders_on"
        audit.record(db.session, action, moment, target=("producer", producer.id))
        flash("ปิดการแจ้งเตือนแล้ว" if off else "เปิดการแจ้งเตือนแล้ว", "ok")
    db.session.commit()
    return redirect(url_for("staff.producer_page", producer_id=producer.id))


def _locked(producer_id: int):
    """Return the producer, locked as the bot locks them before a change, and the time."""
    producer = producer_or_404(producer_id, current_user)
    if not current_user.may_act:
        abort(403)
    moment = now()
    return actions.lock_producer(db.session, producer.line_user_id, moment), moment
