#!/bin/sh
# Stands in for the real batch code: prints what it does, takes a moment, succeeds.
job="$1"
echo "[$job] start $(date -u +%H:%M:%S)"
sleep "${JOB_SECONDS:-1}"
echo "[$job] done"
