"""Publishes one event and one task with publisher confirms, as docs/protocol.md section 3.5 shows.

Usage: publish.py AMQP_URI NAMESPACE EVENT TOPIC TASK. Prints "event <id>" and "task <id>" once confirmed.
"""
import json
import sys
import time
import uuid

import pika

uri, ns, event, topic, task = sys.argv[1:6]


def props(message_id, type_, headers):
    now_ms = int(time.time() * 1000)
    return pika.BasicProperties(
        message_id=message_id, type=type_,
        content_type="application/json", content_encoding="utf-8",
        delivery_mode=2, timestamp=now_ms // 1000,
        headers={"x-ebats-created-at": now_ms, **headers})


conn = pika.BlockingConnection(pika.URLParameters(uri))
ch = conn.channel()
ch.confirm_delivery()  # refused by a broker that does not advertise publisher_confirms

event_id = str(uuid.uuid4())
ch.basic_publish(f"{ns}.events", event, json.dumps({"order_id": "P1"}).encode(),
                 props(event_id, event, {}), mandatory=True)
print("event", event_id, flush=True)

task_id = str(uuid.uuid4())
ch.basic_publish(f"{ns}.tasks", topic, json.dumps({"to": "a@example.com"}).encode(),
                 props(task_id, task, {"x-ebats-attempt": 1, "x-ebats-topic": topic}), mandatory=True)
print("task", task_id, flush=True)
conn.close()
