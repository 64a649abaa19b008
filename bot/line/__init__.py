"""The LINE edge: the one module importing linebot (gateway), the bot's own event and message
types, the webhook blueprint (POST /callback) and the rich menu.

May import: bot.config, each other; the webhook hands events to bot.pipeline.
"""
