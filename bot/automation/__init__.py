"""Automated messages: reminders planned as rows (planning), sent by one scheduler (scheduler,
runner) within quiet hours and a daily cap (policy), and officers' broadcasts (audience,
broadcasts).

May import: bot.pipeline, bot.producers, bot.conversation, bot.line, bot.thai, db.
"""
