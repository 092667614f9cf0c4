"""The analyst example runs end to end and writes its chart."""

import pathlib
import subprocess
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "grant_analysis.py"


def test_grant_analysis_example_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    chart = tmp_path / "grants.png"
    done = subprocess.run([sys.executable, str(EXAMPLE), "--chart", str(chart)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "What if the 2025 rate were 4.00 kr?" in done.stdout
    assert "2026 nationally (net, pending included):" in done.stdout and "of which pending until completion" in done.stdout
    # The report's net and the sweep's are one net: the two panels agree.
    line = next(l for l in done.stdout.splitlines() if l.startswith("2026 net from the report"))
    report_net, sweep_net = (part.split(": ")[-1] for part in line.split("; "))
    assert report_net == sweep_net, line
    assert chart.read_bytes().startswith(b"\x89PNG")
