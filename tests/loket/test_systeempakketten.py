"""scripts/systeempakketten.py against this machine's real dpkg database (dry-run mode only: the
suite never installs anything). The install branch was tried by hand as root; see the README."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "systeempakketten.py"


def controleer(pakketten: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--controleer", "test"],
        env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LOKET_SYSTEEMPAKKETTEN": pakketten},
        capture_output=True,
        text=True,
        check=False,
    )


def test_nothing_missing_is_silent_success():
    # libc6 is on every Debian machine this suite can run on.
    uitkomst = controleer("libc6")
    assert (uitkomst.returncode, uitkomst.stdout) == (0, "")


def test_a_missing_package_is_listed_with_the_command_that_installs_it():
    uitkomst = controleer("libc6 lwl-bestaat-niet")
    assert uitkomst.returncode == 1
    assert "Ontbrekende systeempakketten: lwl-bestaat-niet\n" in uitkomst.stdout
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends lwl-bestaat-niet"
        in uitkomst.stdout
    )
    assert "libc6" not in uitkomst.stdout


def test_the_suite_needs_what_the_readme_names():
    readme = (SCRIPT.parents[1] / "README.md").read_text()
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import systeempakketten
    finally:
        sys.path.remove(str(SCRIPT.parent))
    for pakket in systeempakketten.PAKKETTEN["test"]:
        assert pakket in readme
