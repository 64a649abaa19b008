"""What tests share: the app on a test database, a chatting producer, lesson walkers, pictures."""
