#!/usr/bin/env bash
# spark-submit launch definition: crm-migrate audit all (see jobs/submit.sh for SPARK_MASTER, DEPLOY_MODE, CRM_CONFIG).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" audit all "$@"
