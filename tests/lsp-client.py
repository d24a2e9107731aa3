#!/usr/bin/env python3
"""Drive kota-lsp for the tests: send each JSON line of stdin as one LSP
message (Content-Length framing), or a raw frame given as {"raw": TEXT},
then print every message the server sends, one compact JSON line each
(keys sorted), and its exit status last as "exit N"; exit with it.

usage: lsp-client.py [--before-message N CMD]... -- COMMAND...
  --before-message N CMD: run shell command CMD before sending message N
  (0-based), to change the index between requests."""
import json
import subprocess
import sys


def main():
    args = sys.argv[1:]
    hooks = {}
    while args and args[0] != "--":
        if args[0] == "--before-message":
            hooks[int(args[1])] = args[2]
            args = args[3:]
        else:
            sys.exit("lsp-client.py: unknown option " + args[0])
    cmd = args[1:]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    lines = [l for l in sys.stdin.read().split("\n") if l.strip()]
    out = []

    def read_one():
        headers = {}
        while True:
            line = proc.stdout.readline()
            if not line:
                return None
            line = line.decode().rstrip("\r\n")
            if line == "":
                break
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers["content-length"])
        return json.loads(proc.stdout.read(n))

    for i, line in enumerate(lines):
        if i in hooks:
            subprocess.run(hooks[i], shell=True, check=True)
        msg = json.loads(line)
        if "raw" in msg:
            data = msg["raw"].encode()
        else:
            body = json.dumps(msg).encode()
            data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        try:
            proc.stdin.write(data)
            proc.stdin.flush()
        except BrokenPipeError:
            break
        # A request is answered before the next is sent, so that a hook
        # between messages changes the index between two answers.
        if "id" in msg and msg.get("method") not in (None, "exit"):
            reply = read_one()
            if reply is None:
                break
            out.append(reply)
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    while True:
        reply = read_one()
        if reply is None:
            break
        out.append(reply)
    status = proc.wait()
    for m in out:
        print(json.dumps(m, sort_keys=True, separators=(",", ":")))
    print("exit %d" % status)
    sys.exit(status)


main()
