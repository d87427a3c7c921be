"""Run a command against a throwaway PostgreSQL cluster.

    python scripts/with_postgres.py -- CMD ARGS...
    python scripts/with_postgres.py --check     (exit 0 if PostgreSQL is available)

Creates a cluster in a temporary directory, starts it on a free port on
127.0.0.1, runs CMD with DATABASE_URL pointing at its `postgres` database
(pytest-django creates its own test database next to it), then stops the
cluster and deletes the directory, also on failure, Ctrl-C or SIGTERM.

Exit codes: CMD's own; 2 for a usage error; 3 when PostgreSQL is not
available (binaries or the `postgres` user missing); 1 when the cluster
could not be set up.
"""

import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SETUP_FAILED = 1
USAGE = 2
NOT_AVAILABLE = 3


class Failure(Exception):
    """Stops the script with a message and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def find_binaries() -> tuple[str, str]:
    """Paths of initdb and pg_ctl: from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl

    def version(bin_dir: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", Path(bin_dir).parent.name))

    for bin_dir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        initdb, pg_ctl = f"{bin_dir}/initdb", f"{bin_dir}/pg_ctl"
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK):
            return initdb, pg_ctl
    raise Failure(
        "PostgreSQL not available: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin",
        NOT_AVAILABLE,
    )


def server_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root, so root runs it as the `postgres` user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise Failure(
            "PostgreSQL not available: running as root and there is no 'postgres' user",
            NOT_AVAILABLE,
        ) from None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_tool(
    args: list[str], user: pwd.struct_passwd | None, cwd: Path, new_session: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool (as `user` if given), capturing its output."""
    if user is not None:
        args = ["runuser", "-u", user.pw_name, "--", *args]
    return subprocess.run(  # noqa: S603 - our own arguments
        args,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=new_session,
    )


def output(result: subprocess.CompletedProcess[str]) -> str:
    return (result.stdout + result.stderr).rstrip()


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run the command and return its exit code; it has always ended when this returns."""
    try:
        proc = subprocess.Popen(command, env=env)  # noqa: S603 - running it is the point
    except OSError as error:  # not found or not executable, reported with a shell's codes
        print(f"with_postgres: cannot run {command[0]}: {error.strerror}", file=sys.stderr)
        return 127 if isinstance(error, FileNotFoundError) else 126
    try:
        code = proc.wait()
    except KeyboardInterrupt:  # Ctrl-C at a terminal reached the command too: let it finish
        code = end(proc, grace=10)
    except BaseException:  # SIGTERM: pass it on
        end(proc, grace=0)
        raise
    return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell reports


def end(proc: subprocess.Popen[bytes], grace: float) -> int:
    """Wait `grace` seconds for the process to exit, then terminate it (kill it if it must)."""
    try:
        return proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.terminate()
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def with_postgres(command: list[str]) -> int:
    initdb, pg_ctl = find_binaries()
    user = server_user()
    about = subprocess.run([pg_ctl, "--version"], capture_output=True, text=True)  # noqa: S603
    match = re.search(r"\(PostgreSQL\)\s+(\S+)", about.stdout)
    version = match.group(1) if match else "?"

    tmp = Path(tempfile.mkdtemp(prefix="with_postgres-"))
    data, log = tmp / "data", tmp / "log"
    try:
        if user is not None:
            os.chown(tmp, user.pw_uid, user.pw_gid)

        initdb_args = ["-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C"]
        result = run_tool([initdb, "-D", str(data), *initdb_args], user, tmp)
        if result.returncode != 0:
            raise Failure(f"initdb failed:\n{output(result)}", SETUP_FAILED)

        port = free_port()
        options = (
            f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        start = [pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]
        # A new session keeps the server out of the terminal's process group: Ctrl-C reaches
        # only the command, and the cluster is stopped below, in order.
        result = run_tool(start, user, tmp, new_session=True)
        if result.returncode != 0:
            raise Failure(
                f"PostgreSQL failed to start:\n{output(result)}\n--- server log ---\n{tail(log)}",
                SETUP_FAILED,
            )

        print(f"PostgreSQL {version} on 127.0.0.1:{port} (throwaway)", file=sys.stderr, flush=True)
        database_url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        return run_command(command, {**os.environ, "DATABASE_URL": database_url})
    finally:
        if (data / "postmaster.pid").exists():
            result = run_tool([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], user, tmp)
            if result.returncode != 0:
                print(f"with_postgres: pg_ctl stop failed:\n{output(result)}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
        if tmp.exists():
            print(f"with_postgres: could not remove {tmp}", file=sys.stderr)


def on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks, which clean up


def available() -> int:
    """For `--check`: 0 when a cluster could be started here, NOT_AVAILABLE when not."""
    try:
        find_binaries()
        server_user()
    except Failure as failure:
        print(f"with_postgres: {failure}", file=sys.stderr)
        return failure.code
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        return available()
    if len(argv) < 2 or argv[0] != "--":
        print(
            "usage: python scripts/with_postgres.py [--check | -- CMD [ARGS...]]", file=sys.stderr
        )
        return USAGE
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        return with_postgres(argv[1:])
    except Failure as failure:
        print(f"with_postgres: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
