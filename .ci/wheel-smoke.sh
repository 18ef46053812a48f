#!/usr/bin/env bash
# The study as a student meets it after `pip install netralitas-study-*.whl`: build the wheel
# from this checkout, install it (pinned by requirements.lock) into a venv holding only its dependencies, and run the
# student workflow on a copy of the data in a folder outside any checkout. Fails on the first
# error. Usage: .ci/wheel-smoke.sh [PYTHON]   (default: .venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${1:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
work=$(mktemp -d "${TMPDIR:-/tmp}/netralitas-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build the wheel" >&2
"$python" -m pip wheel . --no-deps --quiet -w "$work/dist"
wheel=$(ls "$work"/dist/netralitas_study-*.whl)
# the wheel must carry what `report` and `reproduce` read at run time
"$python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {"netralitas_study/shipped/notebooks/04-province-report.ipynb", "netralitas_study/shipped/data/datapackage.json",
        "netralitas_study/shipped/data/cases.csv", "netralitas_study/codebook/codebook.json"}
assert need <= names, f"the wheel lacks {sorted(need - names)}"
PY

# The dependencies are installed once per (requirements.lock, declared dependencies, Python) into a
# cached venv; the wheel itself is installed fresh on every run: the previous copy is uninstalled
# (and its absence checked), then pip installs the new wheel and resolves its declared dependencies
# against the lock. NETRALITAS_WHEEL_FRESH=1 builds a whole new venv instead, as before.
key=$( { cat "$repo/requirements.lock"
         "$python" -c 'import sys, tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sys.version)'
       } | sha256sum | cut -c1-16 )
if [ "${NETRALITAS_WHEEL_FRESH:-0}" = 1 ]; then
  venv="$work/venv"
else
  cache_root=${NETRALITAS_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netralitas-wheel-smoke}
  mkdir -p "$cache_root"
  venv="$cache_root/$key"
  exec 9>"$venv.lock"
  flock 9   # one smoke test at a time per cached venv
fi
echo "== install it into a venv that holds only its dependencies ($venv)" >&2
if [ ! -e "$venv/.complete" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip uninstall --quiet --yes netralitas-study 2>/dev/null || true
if (cd "$work" && "$venv/bin/python" -c 'import netralitas_study' 2>/dev/null); then
  echo "a copy of netralitas_study survived the uninstall in $venv" >&2; exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -c "$repo/requirements.lock" "$wheel"
"$venv/bin/python" -m pip check >/dev/null
touch "$venv/.complete"

echo "== the student workflow, outside any checkout" >&2
mkdir -p "$work/student"
cp "$repo"/data/datapackage.json "$repo"/data/*.csv "$work/student/"   # the data package only
cd "$work/student"
# PYTHONPATH unset, cwd outside the repository: only the installed wheel can answer
export -n PYTHONPATH 2>/dev/null || true
cli="$venv/bin/netralitas-study"
"$venv/bin/python" - <<'PY'
import netralitas_study, sys
from pathlib import Path
where = Path(netralitas_study.__file__).resolve()
assert "site-packages" in where.parts, f"imported from {where}, not from the installed wheel"
PY
"$cli" --version
"$cli" template -o kasus.xlsx
test -s kasus.xlsx
"$cli" validate .
"$cli" report . --province Jambi -o laporan
test -s laporan/laporan.html
test -s laporan/laporan.docx
ls laporan/figures/*.png laporan/figures/*.svg laporan/tables/*.csv > /dev/null
grep -q "<h1>Laporan provinsi: Jambi</h1>" laporan/laporan.html
grep -q '<ol class="sources">' laporan/laporan.html
if grep -q -e "import " -e "jp-CodeCell" laporan/laporan.html; then echo "code in the report" >&2; exit 1; fi
"$venv/bin/python" -c "import docx, sys; d = docx.Document('laporan/laporan.docx'); \
assert any('Laporan provinsi: Jambi' in p.text for p in d.paragraphs)"
set +e
"$cli" report . --province Atlantis -o atlantis 2> atlantis.err
status=$?
set -e
test "$status" -eq 2 && test "$(wc -l < atlantis.err)" -eq 1 && ! grep -q Traceback atlantis.err
mv laporan laporan-by-name
"$cli" report . --province 15 -o laporan
cmp laporan-by-name/laporan.html laporan/laporan.html   # a name and its BPS code give the same report
"$cli" compliance . --procedure adjudication-route > /dev/null
"$cli" reproduce --help > /dev/null
"$cli" codebook > codebook.md
test -s codebook.md
echo "wheel smoke test: ok" >&2
