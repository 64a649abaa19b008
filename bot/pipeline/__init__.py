"""The path of a message: record webhook events (inbox), work through them per producer in
order (dispatcher), write what a turn decided (writer), and send after commit (outbox, senders,
pace), downloading and checking photos on the way (media, photo_check).

May import: bot.conversation, bot.automation.planning, bot.producers, bot.line, bot.thai, db.
"""
