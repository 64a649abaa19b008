"""The OTOP seller coach: a LINE bot that teaches producers to sell on TikTok Shop."""
