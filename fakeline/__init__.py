"""A fake LINE Messaging API platform for tests, local demos, the simulator and benchmarks.

It serves LINE's API host and data host over real HTTP, refuses what LINE refuses (with LINE's
status codes and error bodies), records every call and delivery, injects faults on demand, and
plays LINE's part on the webhook side (signed events with reply tokens it issued itself).

Python API::

    from fakeline import FakeLine, new_user_id

    fake = FakeLine(channel_secret="s", access_token="t", clock=None, spec_dir=None,
                    validate_spec=True, rate_limits=True, monthly_quota=None, max_recorded=None)
    fake.start(host="127.0.0.1", port=0, tls=None)   # threaded HTTP/1.1 server with keep-alive;
                                           # tls=fakeline.server.tls_context(cert, key): HTTPS
    fake.url        # "http://127.0.0.1:PORT"      -> LINE_API_BASE / Configuration(host=...)
    fake.data_url   # "http://127.0.0.1:PORT/data" -> LINE_API_DATA_BASE (MessagingApiBlob)
    fake.stop(); fake.reset()              # also usable as `with FakeLine(...) as fake:`
    fake.spec_validation                   # False when messaging-api.yml was not found
    fake.wsgi_app                          # the WSGI app, to mount elsewhere

    # users and content
    fake.add_user(user_id=None, display_name="สมศรี ใจดี", picture_url=None, language="th",
                  status_message=None) -> user_id
    fake.block(user_id); fake.unblock(user_id); fake.issue_reply_token(user_id) -> token
    fake.put_content(message_id, data, content_type="image/jpeg", preparing=0); fake.unsend(id)

    # inspection (thread-safe)
    fake.messages_for(user_id) -> [Delivery(to, message, via, request_id, message_id, at, ...)]
    fake.wait_for_messages(user_id, count, timeout=5.0) -> the same, once there are `count`
    fake.deliveries(to=None, include_dropped=False); fake.calls(path=None, method=None,
    status=None) -> [Call(...)]; fake.stats() -> {"calls", "endpoints", "delivered", ...}

    # faults and time
    fake.set_faults(error_rate=0, throttle_rate=0, slow_rate=0, slow_seconds=1, seed=0, paths=None)
    fake.fail_next(n=1, status=500, path=None); fake.slow_next(n=1, seconds=1.0, path=None)
    fake.clear_faults(); fake.advance(seconds) -> now

    # webhook side: events carry a ULID webhookEventId, ms timestamp, mode "active",
    # deliveryContext and (except unfollow/unsend) a reply token the fake will accept once
    fake.text_event(user_id, text); fake.postback_event(user_id, data, params=None)
    fake.follow_event(user_id, unblocked=False); fake.unfollow_event(user_id)
    fake.image_event(user_id, content, content_type="image/jpeg", image_set=None)
    fake.audio_event(...); fake.video_event(...); fake.sticker_event(user_id)
    fake.unsend_event(user_id, message_id); fake.message_event(user_id, {"type": ...})
    fake.event(type, user_id=None, reply_token=True, **fields)
    fake.webhook_body(events, destination=None) -> bytes; fake.sign(body) -> str
    fake.deliver(url, events, redelivery=False, destination=None, timeout=10.0) -> status

HTTP control API (JSON, snake_case, for other processes), under the same port:
    GET /_fake/health | /_fake/stats | /_fake/calls?path=&method=&status=&limit=
    GET /_fake/messages/<user_id>[?count=N&timeout=S]  (waits for N messages; a long poll)
    POST /_fake/reset | /_fake/users {user_id?, display_name?, ...} | /_fake/users/<id>/block
    POST /_fake/users/<id>/unblock | /_fake/reply-tokens {user_id}
    PUT /_fake/content/<message_id>?preparing=N (raw body, Content-Type)
    POST /_fake/content/<message_id>/unsend
    POST /_fake/events/<text|postback|follow|unfollow|sticker|image|audio|video|unsend>
         {user_id, ...factory arguments; bytes as content_b64}
    POST /_fake/webhook-body {events, destination?} -> {body, signature}
    POST /_fake/webhook {url, events, redelivery?} -> {status}
    POST /_fake/faults {error_rate, throttle_rate, slow_rate, slow_seconds, seed, paths}
    POST /_fake/faults/fail-next {n, status, path} | /_fake/faults/slow-next {n, seconds, path}
    DELETE /_fake/faults; POST /_fake/clock/advance {seconds}

CLI, stopped by Ctrl-C or SIGTERM (`python -m fakeline.selfbench` measures its request cost):
    python -m fakeline --host 127.0.0.1 --port 8081 --channel-secret S --access-token T
        [--no-rate-limits] [--no-spec-validation] [--spec-dir DIR] [--monthly-quota N]
        [--max-recorded N] [--tls-cert PEM --tls-key PEM] [--server threads|granian] [-v]
    (`--server granian`, for benchmarks, serves HTTP and TLS from Rust on a port of its own)
"""

from fakeline.fake import FakeLine
from fakeline.recording import Call, Delivery
from fakeline.state import new_user_id

__all__ = ["Call", "Delivery", "FakeLine", "new_user_id"]
