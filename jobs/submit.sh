#!/usr/bin/env bash
# Submits one crm-migrate command to Spark: jobs/submit.sh <command> [options...]
#
# Environment:
#   SPARK_MASTER   spark://host:7077, k8s://https://…, yarn or local[*] (default local[*])
#   DEPLOY_MODE    client (default) or cluster
#   SPARK_HOME     a Spark 4.1 installation; its bin/spark-submit is used when present. Without one, the same
#                  SparkSubmit class runs from the build's own jars (java -cp target/lib/* …).
#   CRM_CONFIG     configuration file (default conf/cluster.yaml; empty: none); secrets only via CRM_DB_PASSWORD or password_file
#   SPARK_SUBMIT_OPTS_EXTRA   more spark-submit options, e.g. "--executor-memory 4g --total-executor-cores 8"
#   CRM_SPARK_UI   true to serve the Spark UI (default: off; it shows every query, contact values included)
#   CRM_SPARK_AUTH_SECRET_FILE   a file (mode 0600) with the shared secret of a standalone cluster whose master and
#                  workers run with spark.authenticate: turns on RPC authentication and AES encryption. On Kubernetes
#                  and YARN both are on by default (Spark makes the secret per application).
#
# Secure by default: the UI is off, shuffle and spill files are encrypted on the executors' disks, and a local master
# binds to 127.0.0.1 only.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_jar="$home/target/crm-migrate-spark-submit.jar"
if [ ! -f "$app_jar" ]; then
  echo "jobs/submit.sh: building $app_jar ..." >&2
  (cd "$home" && mvn -B -q -DskipTests package)
fi

# The driver's JVM flags, from the one list in conf/spark-jvm.args (comments dropped): module openings for Spark, and
# exit 3 on OutOfMemoryError instead of hanging on a dead Spark thread, so a scheduled job never hangs.
flags=()
while read -r line; do
  line="${line%%#*}"
  for flag in $line; do flags+=("$flag"); done
done <"$home/conf/spark-jvm.args"

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
else
  jars="${SPARK_HOME:+$SPARK_HOME/jars/*}"
  submit=("${JAVA_HOME:+$JAVA_HOME/bin/}java" "${flags[@]}" -cp "${jars:-$home/target/lib/*}" org.apache.spark.deploy.SparkSubmit)
fi

# CRM_CONFIG unset: conf/cluster.yaml; set but empty: no file (built-in defaults and options only). An empty array is
# expanded as ${a[@]+"${a[@]}"}: macOS's bash 3.2 takes a plain "${a[@]}" of an empty array for an unset variable.
cfg="${CRM_CONFIG-$home/conf/cluster.yaml}"
config=()
if [ -n "$cfg" ]; then
  config=(--config "$cfg")
fi

security=(--conf "spark.ui.enabled=${CRM_SPARK_UI:-false}" --conf spark.io.encryption.enabled=true)
master="${SPARK_MASTER:-local[*]}"
case "$master" in
  local*) security+=(--conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1) ;;
  k8s://* | yarn) security+=(--conf spark.authenticate=true --conf spark.network.crypto.enabled=true) ;;
esac
if [ -n "${CRM_SPARK_AUTH_SECRET_FILE:-}" ]; then
  if [ -n "$(find "$CRM_SPARK_AUTH_SECRET_FILE" -perm /077 2>/dev/null)" ]; then
    echo "jobs/submit.sh: $CRM_SPARK_AUTH_SECRET_FILE is readable by other accounts; chmod 600 it" >&2
    exit 2
  fi
  security+=(--conf spark.authenticate=true --conf spark.network.crypto.enabled=true
    --conf "spark.authenticate.secret.file=$CRM_SPARK_AUTH_SECRET_FILE")
fi

# shellcheck disable=SC2086
exec "${submit[@]}" \
  --master "$master" \
  "${security[@]}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --name "crm-migrate $1" \
  --class dev.crmmigrate.cli.Main \
  --conf spark.standalone.submit.waitAppCompletion=true \
  --conf "spark.driver.extraJavaOptions=${flags[*]}" \
  ${SPARK_SUBMIT_OPTS_EXTRA:-} \
  "$app_jar" "$@" ${config[@]+"${config[@]}"}
