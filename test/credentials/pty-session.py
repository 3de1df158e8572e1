"""Runs a command on a pseudo-terminal and answers its prompts: python3 pty-session.py '<json>'.
JSON: {"argv": [...], "env": {...}, "answers": [["prompt text", "answer"], ...]}.
Prints {"exitCode": n, "screen": "<everything the terminal showed>"} as JSON."""
import json, os, pty, select, subprocess, sys, time

spec = json.loads(sys.argv[1])
master, slave = pty.openpty()
child = subprocess.Popen(spec["argv"], stdin=slave, stdout=slave, stderr=slave, env=spec["env"], close_fds=True, start_new_session=True)
os.close(slave)
screen = b""


def pump(timeout):
    """Reads what the terminal shows; False on timeout, None at the end."""
    global screen
    ready, _, _ = select.select([master], [], [], timeout)
    if not ready:
        return False
    try:
        chunk = os.read(master, 4096)
    except OSError:
        return None
    if not chunk:
        return None
    screen += chunk
    return True


offset = 0
for prompt, answer in spec["answers"]:
    deadline = time.time() + 20
    while prompt.encode() not in screen[offset:] and time.time() < deadline:
        if pump(0.2) is None:
            break
    offset = len(screen)
    os.write(master, answer.encode() + b"\r")

deadline = time.time() + 30
while time.time() < deadline:
    state = pump(0.2)
    if state is None or (state is False and child.poll() is not None):
        break
child.wait(timeout=20)
print(json.dumps({"exitCode": child.returncode, "screen": screen.decode("utf-8", "replace")}))
