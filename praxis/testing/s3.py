"""An S3-compatible HTTP endpoint for tests that run several processes (web processes, task workers, the test itself).

moto's server (`python -m moto.server`, Flask) runs in its own process on a free port of loopback: every process
reaches the same buckets through real HTTP and signed URLs, as they would reach S3, SeaweedFS or Ceph in production
(docs/operations.md, "Scale-out"). Processes are switched to it the way production is: AWS_STORAGE_BUCKET_NAME and
AWS_S3_ENDPOINT_URL in their environment (config/settings.py); the test process through its STORAGES setting.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import boto3
import requests
from botocore.config import Config

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "praxis-test", "AWS_SECRET_ACCESS_KEY": "praxis-test-secret"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class S3Endpoint:
    """moto's S3 server as a separate process; `bucket()` makes a fresh, empty bucket on it."""

    def __init__(self, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, wait: float = 30) -> S3Endpoint:
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=self.log.open("ab"))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                requests.get(self.url, timeout=5)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise TimeoutError("moto server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def client(self) -> Any:
        return boto3.client("s3", endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])

    def bucket(self) -> S3Bucket:
        name = f"praxis-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return S3Bucket(self, name)


class S3Bucket:
    def __init__(self, endpoint: S3Endpoint, name: str) -> None:
        self.endpoint = endpoint
        self.name = name

    def env(self) -> dict[str, str]:
        """What a child process needs to store its files in this bucket (config/settings.py reads it)."""
        return {"AWS_STORAGE_BUCKET_NAME": self.name, "AWS_S3_ENDPOINT_URL": self.endpoint.url,
                "AWS_DEFAULT_REGION": REGION, **CREDENTIALS}

    def storage(self) -> dict[str, Any]:
        """The STORAGES["default"] entry of this process, the same as the children's (config/settings.py)."""
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": self.name, "endpoint_url": self.endpoint.url, "region_name": REGION,
            "access_key": CREDENTIALS["AWS_ACCESS_KEY_ID"], "secret_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "default_acl": None, "querystring_auth": True, "file_overwrite": False,
            "client_config": Config(request_checksum_calculation="when_required",
                                    response_checksum_validation="when_required")}}

    def keys(self, prefix: str = "") -> list[str]:
        """Every object in the bucket (or under a prefix), listed by the S3 API itself."""
        found: list[str] = []
        for page in self.endpoint.client().get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix):
            found += [item["Key"] for item in page.get("Contents", [])]
        return sorted(found)
