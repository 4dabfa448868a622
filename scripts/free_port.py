#!/usr/bin/env python3
"""Prints a free TCP port on 127.0.0.1 below the kernel's ephemeral range.

A port picked by binding port 0 comes from the ephemeral range, the same range the kernel
draws the local port of every outgoing connection from. Between the pick and the server's
bind, any outgoing connection (a Baton instance connecting to PostgreSQL, a test client) may
take that port, and the server then fails to start with "address already in use". A port
below the ephemeral range is never handed out that way, and one that binds now stays free
unless something else binds it on purpose.

As a module: `free_port()`. As a script: prints one port.
"""
from __future__ import annotations

import random
import socket


def ephemeral_low(default: int = 32768) -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return default


def free_port(host: str = "127.0.0.1", attempts: int = 200) -> int:
    high = max(ephemeral_low() - 1, 10_001)
    for _ in range(attempts):
        port = random.randint(10_000, high)
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port on {host} below the ephemeral range after {attempts} attempts")


if __name__ == "__main__":
    print(free_port())
