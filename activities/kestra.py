"""Kestra's script helper for tasks run by kestra-temporal.

Prints Kestra's stdout protocol lines (::{"outputs": ...}::) for outputs,
metrics and log lines.
"""
import json
import logging
import time


class Kestra:
    @staticmethod
    def _send(payload):
        print("::" + json.dumps(payload, default=str) + "::", flush=True)

    @staticmethod
    def outputs(values):
        Kestra._send({"outputs": values})

    @staticmethod
    def counter(name, value, tags=None):
        Kestra._send({"metrics": [{"name": name, "type": "counter", "value": value, "tags": tags or {}}]})

    @staticmethod
    def timer(name, duration, tags=None):
        if callable(duration):
            start = time.time()
            duration()
            duration = time.time() - start
        Kestra._send({"metrics": [{"name": name, "type": "timer", "value": duration, "tags": tags or {}}]})

    @staticmethod
    def logger(name="kestra"):
        log = logging.getLogger(name)
        if not any(isinstance(h, _ProtocolHandler) for h in log.handlers):
            log.addHandler(_ProtocolHandler())
            log.setLevel(logging.DEBUG)
            log.propagate = False
        return log


class _ProtocolHandler(logging.Handler):
    _levels = {"CRITICAL": "ERROR", "WARNING": "WARN", "NOTSET": "TRACE"}

    def emit(self, record):
        level = self._levels.get(record.levelname, record.levelname)
        Kestra._send({"logs": [{"level": level, "message": self.format(record)}]})
