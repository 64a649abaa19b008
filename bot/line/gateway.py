"""The only module that imports linebot: webhook signatures, and calls to LINE.

Everything else in the bot speaks its own types (bot.line.events, bot.line.messages as LINE
dicts, bot.line.answers).
Calls have timeouts; 429, 5xx and timeouts are retried with backoff; pushes carry the
caller's X-Line-Retry-Key so a retry never sends twice (LINE answers 409, which is success).
"""

import json
import logging
from functools import lru_cache

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    Message,
    MessagingApi,
    MessagingApiBlob,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)
from linebot.v3.messaging.exceptions import ApiException
from linebot.v3.webhook import SignatureValidator
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from bot.line.answers import (
    ContentGone,
    Download,
    InvalidReplyToken,
    InvalidSignature,
    LineError,
    LineUnavailable,
    Profile,
    RichMenuInfo,
    SendResult,
)

log = logging.getLogger(__name__)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, ApiException):
        return exc.status == 429 or exc.status >= 500 or exc.status == 0
    return isinstance(exc, urllib3.exceptions.HTTPError)


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, urllib3.exceptions.TimeoutError | urllib3.exceptions.ProtocolError)


def _error_message(exc: ApiException) -> str:
    try:
        return json.loads(exc.body or "{}").get("message") or str(exc.reason)
    except (ValueError, AttributeError):
        return str(exc.reason or exc.body)


def _request_id(headers) -> str | None:
    return (headers or {}).get("x-line-request-id")


@lru_cache(maxsize=4096)
def _check_message(message: str) -> None:
    """Check one message (as JSON) against the SDK's model; raise ValueError if it fails.

    Remembered: a reminder's question and buttons are the same for everyone on that step,
    and the model check costs more than the rest of the push.
    """
    Message.from_json(message)


# The line-bot-sdk release whose internal ApiClient.call_api _post() was written against.
CALL_API_CHECKED_WITH = "3.27.0"

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
MULTICAST = "/v2/bot/message/multicast"


class LineGateway:
    """Talks to LINE (or a fake at the configured bases) for one channel."""

    def __init__(
        self,
        *,
        channel_secret: str,
        access_token: str,
        api_base: str,
        data_base: str,
        timeout: float = 10.0,
        retry_attempts: int = 5,
        retry_max_wait: float = 8.0,
        ca_bundle: str = "",
    ):
        self._validator = SignatureValidator(channel_secret)
        api = self._configuration(api_base, access_token, ca_bundle)
        data = self._configuration(data_base, access_token, ca_bundle)
        self._api = MessagingApi(ApiClient(api))
        self._blob = MessagingApiBlob(ApiClient(data))
        self._timeout = (min(3.0, timeout), timeout)
        self._retry_attempts = retry_attempts
        self._retry_max_wait = retry_max_wait

    @classmethod
    def from_settings(cls, settings) -> "LineGateway":
        """Return the gateway the app's settings (bot.config.Settings) describe."""
        return cls(
            channel_secret=settings.line_channel_secret,
            access_token=settings.line_channel_access_token,
            api_base=settings.line_api_base,
            data_base=settings.line_api_data_base,
            timeout=settings.line_timeout_seconds,
            retry_attempts=settings.line_retry_attempts,
            retry_max_wait=settings.line_retry_max_wait,
            ca_bundle=settings.line_ca_bundle,
        )

    @staticmethod
    def _configuration(host: str, token: str, ca_bundle: str) -> Configuration:
        config = Configuration(host=host, access_token=token, ssl_ca_cert=ca_bundle or None)
        config.retries = False  # tenacity decides what to retry, not urllib3
        return config

    # --- webhooks -------------------------------------------------------------------------

    def verify(self, body: bytes, signature: str | None) -> None:
        """Check LINE's signature over the raw body; raise InvalidSignature if it fails."""
        if not signature:
            raise InvalidSignature("no X-Line-Signature header")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidSignature("body is not UTF-8") from None
        if not self._validator.validate(text, signature):
            raise InvalidSignature("signature does not match")

    # --- sending --------------------------------------------------------------------------

    def reply(self, reply_token: str, messages: list[dict]) -> SendResult:
        """Send up to five messages with a reply token (free of charge).

        A retry after a timeout that finds the token used means our first try got through
        (nobody else holds the token), so it counts as sent rather than going out twice.
        """
        body = {"replyToken": reply_token, "messages": messages}
        try:
            response = self._call(lambda: self._post(REPLY, body))
        except InvalidReplyToken as exc:
            if exc.maybe_delivered:
                return SendResult(request_id=None, assumed=True)
            raise
        return SendResult(request_id=_request_id(response.headers))

    def push(self, to: str, messages: list[dict], retry_key: str) -> SendResult:
        """Send up to five messages to one user, at most once per retry key."""
        body = {"to": to, "messages": messages}
        return self._send_once(lambda: self._post(PUSH, body, retry_key))

    def multicast(self, to: list[str], messages: list[dict], retry_key: str) -> SendResult:
        """Send up to five messages to up to 500 users, at most once per retry key."""
        body = {"to": to, "messages": messages}
        return self._send_once(lambda: self._post(MULTICAST, body, retry_key))

    def show_loading(self, user_id: str, seconds: int = 20) -> None:
        """Show the typing animation in the producer's chat; best effort, never retried."""
        request = ShowLoadingAnimationRequest(chatId=user_id, loadingSeconds=seconds)
        try:
            self._api.show_loading_animation(request, _request_timeout=(1.0, 2.0))
        except (ApiException, urllib3.exceptions.HTTPError) as exc:
            log.info("loading animation for %s failed: %s", user_id, exc)

    def get_profile(self, user_id: str) -> Profile | None:
        """Return the user's LINE profile, or None if LINE will not give it (blocked, gone)."""
        try:
            profile = self._call(
                lambda: self._api.get_profile(user_id, _request_timeout=self._timeout)
            )
        except LineError as exc:
            if exc.status in (400, 404):
                return None
            raise
        return Profile(
            user_id=profile.user_id, display_name=profile.display_name, language=profile.language
        )

    def get_content(self, message_id: str) -> Download:
        """Download what the user sent (an image) from LINE's data host."""
        try:
            response = self._call(
                lambda: self._blob.get_message_content_with_http_info(
                    message_id, _request_timeout=self._timeout
                )
            )
        except LineError as exc:
            if exc.status in (404, 410):
                raise ContentGone(exc.status, exc.message) from None
            raise
        if response.status_code != 200 or response.data is None:
            raise LineUnavailable(response.status_code, "content is not ready yet")
        content_type = (response.headers or {}).get("Content-Type", "application/octet-stream")
        return Download(body=bytes(response.data), content_type=content_type)

    # --- rich menus -----------------------------------------------------------------------

    def list_rich_menus(self) -> list[RichMenuInfo]:
        """Return every rich menu of the channel, whoever made it."""
        found = self._call(lambda: self._api.get_rich_menu_list(_request_timeout=self._timeout))
        return [RichMenuInfo(m.rich_menu_id, m.name) for m in found.richmenus]

    def create_rich_menu(self, menu: dict) -> str:
        """Create a rich menu from LINE's JSON object (it has no picture yet); return its id."""
        request = RichMenuRequest.from_dict(menu)
        created = self._call(
            lambda: self._api.create_rich_menu(request, _request_timeout=self._timeout)
        )
        return created.rich_menu_id

    def upload_rich_menu_image(self, rich_menu_id: str, data: bytes, content_type: str) -> None:
        """Attach the menu's picture (JPEG or PNG, 1 MB at most) on the data host; once per menu.

        A retry after a timeout that finds a picture already there means our first try got
        through (LINE takes one picture per menu and only we upload to ours).
        """
        headers = {"Content-Type": content_type}
        try:
            self._call(
                lambda: self._blob.set_rich_menu_image(
                    rich_menu_id, data, _headers=headers, _request_timeout=self._timeout
                )
            )
        except LineError as exc:
            if not (exc.maybe_delivered and exc.status == 400 and "already" in exc.message.lower()):
                raise

    def get_rich_menu_image(self, rich_menu_id: str) -> bytes | None:
        """Return the menu's picture from the data host, or None when it has none."""
        try:
            data = self._call(
                lambda: self._blob.get_rich_menu_image(rich_menu_id, _request_timeout=self._timeout)
            )
        except LineError as exc:
            if exc.status == 404:
                return None
            raise
        return bytes(data)

    def get_basic_id(self) -> str:
        """Return the bot's basic id (@abc1234), which links that open its chat name."""
        info = self._call(lambda: self._api.get_bot_info(_request_timeout=self._timeout))
        return info.basic_id

    def get_default_rich_menu_id(self) -> str | None:
        """Return the id of the menu everyone sees by default, or None when there is none."""
        try:
            found = self._call(
                lambda: self._api.get_default_rich_menu_id(_request_timeout=self._timeout)
            )
        except LineError as exc:
            if exc.status == 404:
                return None
            raise
        return found.rich_menu_id

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        """Show this menu (it must have its picture) to every user without one of their own."""
        self._call(
            lambda: self._api.set_default_rich_menu(rich_menu_id, _request_timeout=self._timeout)
        )

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        """Delete a rich menu (LINE unsets it as default too); one already gone is fine."""
        try:
            self._call(
                lambda: self._api.delete_rich_menu(rich_menu_id, _request_timeout=self._timeout)
            )
        except LineError as exc:
            if exc.status != 404:
                raise

    # --- plumbing -------------------------------------------------------------------------

    def _post(self, path: str, body: dict, retry_key: str | None = None):
        """POST a message request through the SDK's client, its messages checked by the SDK.

        The messages are already in LINE's wire format, so the body goes as it is; the SDK's
        models only check them (the documented methods would rebuild and re-check them, which
        costs more than the HTTP call). `call_api` is the SDK's internal client: checked
        against CALL_API_CHECKED_WITH by tests/test_line_gateway.py, so an upgrade that
        changes it fails there first.
        """
        for message in body["messages"]:
            _check_message(json.dumps(message, ensure_ascii=False, sort_keys=True))
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if retry_key:
            headers["X-Line-Retry-Key"] = retry_key
        return self._api.api_client.call_api(
            path,
            "POST",
            header_params=headers,
            body=body,
            auth_settings=["Bearer"],
            response_types_map={},
            _request_timeout=self._timeout,
        )

    def _send_once(self, call) -> SendResult:
        try:
            response = self._call(call)
        except LineError as exc:
            if exc.status == 409:
                return SendResult(request_id=exc.request_id, already_accepted=True)
            raise
        return SendResult(request_id=_request_id(response.headers))

    def _call(self, call):
        """Run one LINE call with retries on 429, 5xx and timeouts; map errors to ours."""
        timed_out = False

        def attempt():
            nonlocal timed_out
            try:
                return call()
            except urllib3.exceptions.HTTPError as exc:
                timed_out = timed_out or _is_timeout(exc)
                raise

        retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(self._retry_attempts),
            wait=wait_exponential_jitter(multiplier=0.2, max=self._retry_max_wait),
            reraise=True,
        )
        try:
            return retrying(attempt)
        except ApiException as exc:
            message = _error_message(exc)
            known = {"request_id": _request_id(exc.headers), "maybe_delivered": timed_out}
            if exc.status == 409:
                accepted = (exc.headers or {}).get("x-line-accepted-request-id")
                known["request_id"] = accepted or known["request_id"]
                raise LineError(409, message, **known) from None
            if exc.status == 400 and "reply token" in message.lower():
                raise InvalidReplyToken(400, message, **known) from None
            if _is_transient(exc):
                raise LineUnavailable(exc.status, message, **known) from None
            raise LineError(exc.status, message, **known) from None
        except urllib3.exceptions.HTTPError as exc:
            message = f"{type(exc).__name__}: {exc}"
            raise LineUnavailable(0, message, maybe_delivered=timed_out) from None
