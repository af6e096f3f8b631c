#!/usr/bin/env bash
# Executes every notebook headless with Debian's Jupyter (jupyter-nbconvert, jupyter-client) and a Java kernel from
# Maven Central (io.github.padreati:rapaio-jupyter-kernel). Fails when any cell fails.
#   CRM_WORK_DIR  the work dir whose audit history the notebooks read (default: target/notebook/work, made here by a
#                 small `run` and a `reaudit`, so that there are two audit runs to compare)
#   CRM_NOTEBOOK_JOBS  how many notebooks execute at a time (default 2)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$home/target/notebook"
kernel="$out/kernels/crm-java"
mkdir -p "$kernel" "$out/executed"
cp "$home"/notebooks/kernels/crm-java/* "$home/conf/spark-jvm.args" "$kernel/"
if [ ! -f "$kernel/rapaio-jupyter-kernel.jar" ]; then
  (cd "$home" && mvn -B -q dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:3.0.1 -DoutputDirectory="$out")
  mv "$out/rapaio-jupyter-kernel-3.0.1.jar" "$kernel/rapaio-jupyter-kernel.jar"
fi
[ -f "$home/target/crm-migrate.jar" ] || (cd "$home" && mvn -B -q -DskipTests package)
(cd "$home" && mvn -B -q dependency:build-classpath -Dmdep.pathSeparator=';' -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/classpath.txt")
export CRM_NOTEBOOK_CLASSPATH="$home/target/crm-migrate.jar;$(cat "$out/classpath.txt")"
export JUPYTER_PATH="$out"
export CRM_WORK_DIR="${CRM_WORK_DIR:-$out/work}"
if [ ! -d "$CRM_WORK_DIR/audit/metrics/_delta_log" ]; then
  echo "notebooks: preparing $CRM_WORK_DIR (run --scale 0.05, then reaudit)" >&2
  CRM_EMBEDDED_PORT=0 "$home/bin/crm-migrate" run --scale 0.05 --seed 5 >"$out/prepare.log" 2>&1
  CRM_EMBEDDED_PORT=0 "$home/bin/crm-migrate" reaudit --max-change-pct 100000 --max-new-overlaps 100000000 >>"$out/prepare.log" 2>&1
fi
# Two notebooks at a time (CRM_NOTEBOOK_JOBS): a kernel spends much of its start-up and each cell's compilation on one
# thread. Measured in CI beside the other integration tests: the four in 141 s against 152 s one at a time. They only
# read the work dir; each writes its own log and executed copy.
run_one() {
  local nb="$1" name ok="" attempt
  name="$(basename "$nb")"
  for attempt in 1 2 3; do
    # The kernel sometimes fails at start-up (a race in its channel threads: it never answers, or its JVM ends before
    # replying to kernel_info): retry that, nothing else.
    if /usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=crm-java \
        --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.startup_timeout=45 \
        --ExecutePreprocessor.record_timing=False --output-dir "$out/executed" "$nb" >"$out/$name.log" 2>&1; then
      ok=yes
      break
    fi
    grep -q -e "Kernel didn't respond" -e "Kernel died before replying" "$out/$name.log" || break
    echo "notebooks: $name: kernel did not start, retrying ($attempt)" >&2
  done
  if [ -n "$ok" ]; then
    echo "notebooks: $name ok"
  else
    echo "notebooks: $name FAILED; see $out/$name.log" >&2
    tail -30 "$out/$name.log" >&2
    return 1
  fi
}
status=0
jobs_max="${CRM_NOTEBOOK_JOBS:-2}"
pids=()
for nb in "$home"/notebooks/*.ipynb; do
  run_one "$nb" &
  pids+=("$!")
  if [ "${#pids[@]}" -ge "$jobs_max" ]; then
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    pids=()
  fi
done
for pid in ${pids[@]+"${pids[@]}"}; do wait "$pid" || status=1; done
exit $status
