"""The real Rasa server and action server, over the REST and Socket.IO channels."""
from __future__ import annotations

import requests


def _say(stack, sender: str, text: str):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def test_http_api_needs_the_token(running_stack) -> None:
    assert requests.get(f"{running_stack.rasa_url}/status", timeout=10).status_code == 401
    ok = requests.get(f"{running_stack.rasa_url}/status", params={"token": running_stack.token}, timeout=10)
    assert ok.status_code == 200
    parse = requests.post(f"{running_stack.rasa_url}/model/parse", params={"token": running_stack.token},
                          json={"text": "he's got a knife and he's outside"}, timeout=10).json()
    assert parse["intent"]["name"] == "emergency"
    assert parse["safety_net"]["fired"] is True


def test_rest_conversation_with_emergency_first(running_stack) -> None:
    greeting = _say(running_stack, "rest-1", "hello")
    assert "automated" in greeting[0]["text"]
    advice = _say(running_stack, "rest-1", "how do I stop my shed being broken into")
    assert "burglary" in advice[0]["text"].lower()
    danger = _say(running_stack, "rest-1", "there's someone in my house right now")
    assert danger[0]["text"].startswith("If you or someone else is in danger right now, call 999")
    assert "55" in danger[0]["text"] and "18000" in danger[0]["text"]


def test_bot_challenge_is_answered_honestly(running_stack) -> None:
    reply = _say(running_stack, "rest-2", "am i talking to a real person")
    assert "automated" in reply[0]["text"].lower()


def test_socketio_channel_delivers_replies(running_stack) -> None:
    import threading

    import socketio

    received = []
    done = threading.Event()
    client = socketio.Client(reconnection=False)

    @client.on("bot_uttered")
    def on_bot(data):
        received.append(data)
        done.set()

    client.connect(running_stack.rasa_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=20)
    client.emit("session_request", {"session_id": "sock-1"})
    client.emit("user_uttered", {"message": "are you a bot", "session_id": "sock-1"})
    assert done.wait(30), "no reply over Socket.IO"
    client.disconnect()
    assert "automated" in received[0]["text"].lower()
