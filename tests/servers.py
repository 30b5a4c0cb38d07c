"""SPARQL servers the tests start on 127.0.0.1 in temp folders, and stop: Oxigraph (PyPI) and Virtuoso (Debian).

A missing server binary fails the tests that need it, never skips them: CI must run them.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HOST = "127.0.0.1"  # never any other address


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, name: str, seconds: float = 60.0) -> None:
    """Wait until ``url`` answers ``ASK {}`` (GET), failing the test if ``proc`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            pytest.fail(f"{name} exited with {proc.returncode}: {err[-2000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    pytest.fail(f"{name} did not answer at {url} within {seconds} s", pytrace=False)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---- Virtuoso (Debian's virtuoso-opensource)

VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""

# Anonymous SPARQL may write (the scratch server is on 127.0.0.1 and thrown away after the tests).
VIRTUOSO_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);"


def virtuoso_binaries() -> tuple[str, str]:
    """(server, SQL client) of Debian's virtuoso-opensource."""
    server, client = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not client:
        pytest.fail("Virtuoso is missing: install Debian's virtuoso-opensource (make test does)", pytrace=False)
    return server, client


def start_virtuoso(folder: Path) -> tuple[subprocess.Popen, str]:
    """A scratch Virtuoso with its database in ``folder``: (process, ``http://127.0.0.1:PORT``)."""
    server, client = virtuoso_binaries()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=folder, host=HOST, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen([server, "-c", str(ini), "+foreground"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://{HOST}:{http_port}"
    try:
        wait_until_up(f"{url}/sparql", proc, "virtuoso-t")
        done = subprocess.run([client, f"{HOST}:{sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            pytest.fail(f"isql-vt could not grant SPARQL updates: {done.stdout}{done.stderr}", pytrace=False)
    except BaseException:
        stop(proc)
        raise
    return proc, url


# ---- kg serve

REPLACING_QD = (
    "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 24-QĐ/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 30 tháng 7 năm 2021\n\n"
    "QUY ĐỊNH\nvề thi hành Điều lệ Đảng\n\nĐiều 5. Quy định này thay thế Quy định số 29-QĐ/TW, ngày 25/7/2016 của "
    "Ban Chấp hành Trung ương khóa XII.\n")  # made up in the shape of corpus 003's line 11, with 'thay thế'


def explorer_store(folder: Path) -> Path:
    """A store of the corpus and one Quy định replacing 29-QĐ/TW (XII), built in ``folder``."""
    import shutil

    from kg.cli import main

    inputs = folder / "inputs"
    inputs.mkdir()
    for f in sorted((Path(__file__).resolve().parents[1] / "data" / "corpus").glob("*.txt")):
        shutil.copy(f, inputs / f.name)
    (inputs / "qd-24.txt").write_text(REPLACING_QD, encoding="utf-8")
    assert main(["build", str(inputs), "--store", str(folder / "store"), "--no-progress", "-j", "1"]) == 0
    return folder / "store"


def start_explorer(store: Path, seconds: float = 60.0) -> tuple[subprocess.Popen, str]:
    """``kg serve`` on a free port of 127.0.0.1: (process, ``http://127.0.0.1:PORT``), once it answers."""
    import sys

    kg = Path(sys.executable).with_name("kg")
    port = free_port()
    proc = subprocess.Popen([str(kg), "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(f"{url}/query", proc, "kg serve", seconds)
        wait_until_searchable(url, seconds)
    except BaseException:
        stop(proc)
        raise
    return proc, url


def wait_until_searchable(url: str, seconds: float) -> None:
    """Wait until the explorer's search index is read (its search answers 200, not 503)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/search?q=x", timeout=5):
                return
        except urllib.error.HTTPError as err:
            if err.code != 503:
                raise
        time.sleep(0.1)
    pytest.fail(f"the explorer at {url} was not searchable within {seconds} s", pytrace=False)
