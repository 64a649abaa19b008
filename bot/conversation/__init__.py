"""The conversation: content loading and checks, the journey, the anytime words, and the engine
that turns a snapshot of a producer and one event into a turn whose every change is an effect.

Pure: no database, HTTP or wall clock. May import: bot.flows, bot.thai, bot.line.messages and
bot.line.events.
"""
