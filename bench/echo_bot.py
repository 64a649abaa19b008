"""The smallest LINE echo bot written the documented way: the comparison baseline for bench.webhook.

This follows line-bot-sdk's examples/flask-echo/app_with_handler.py (v3 API): Flask, one
`linebot.v3.WebhookHandler`, a handler registered for text messages, and inside it
`with ApiClient(configuration)` → `MessagingApi.reply_message_with_http_info`, all within the
webhook request. The only differences from the example: `Configuration(host=...)` comes from
LINE_API_BASE so it talks to a fake LINE server (trusting that server's certificate through
the SDK's `ssl_ca_cert`, from LINE_CA_BUNDLE), and the secret and token come from the
environment. It may import linebot because it is a benchmark baseline; in the product only
bot/line_gateway.py imports linebot.

Run: LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… LINE_API_BASE=http://127.0.0.1:PORT \
     gunicorn 'bench.echo_bot:app'
"""

import os
import sys

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, TextMessageContent

app = Flask(__name__)

channel_secret = os.getenv("LINE_CHANNEL_SECRET", None)
channel_access_token = os.getenv("LINE_CHANNEL_ACCESS_TOKEN", None)
if channel_secret is None:
    print("Specify LINE_CHANNEL_SECRET as environment variable.")
    sys.exit(1)
if channel_access_token is None:
    print("Specify LINE_CHANNEL_ACCESS_TOKEN as environment variable.")
    sys.exit(1)

handler = WebhookHandler(channel_secret)
configuration = Configuration(
    host=os.getenv("LINE_API_BASE", "https://api.line.me"),
    access_token=channel_access_token,
    ssl_ca_cert=os.getenv("LINE_CA_BUNDLE"),
)


@app.route("/callback", methods=["POST"])
def callback():
    # get X-Line-Signature header value
    signature = request.headers["X-Line-Signature"]

    # get request body as text
    body = request.get_data(as_text=True)
    app.logger.info("Request body: " + body)

    # handle webhook body
    try:
        handler.handle(body, signature)
    except InvalidSignatureError:
        app.logger.info("Invalid signature. Please check your channel access token/channel secret.")
        abort(400)

    return "OK"


@handler.add(MessageEvent, message=TextMessageContent)
def handle_message(event):
    with ApiClient(configuration) as api_client:
        line_bot_api = MessagingApi(api_client)
        line_bot_api.reply_message_with_http_info(
            ReplyMessageRequest(
                reply_token=event.reply_token, messages=[TextMessage(text=event.message.text)]
            )
        )
