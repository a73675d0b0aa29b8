#!/usr/bin/env bash
# Sends one referral to the suite the way an integrator's system would: with kcat (librdkafka's
# command-line client, Debian package `kcat`) over SASL_SSL, as the sender's own principal, on
# the sender's own topic. docs/integrating-referrals.md explains every setting used here.
#
#   bash deploy/local/kcat-referral.sh                 # as police-oslo, a fresh reference
#   SENDER=court-oslo bash deploy/local/kcat-referral.sh
#   REFERENCE=OSL-2026-104233 bash deploy/local/kcat-referral.sh
#
# It prints the reference; the referral service registers the case under it
# (GET /cases?sender_reference=… on :8001). Settings from the environment:
#   KAFKA_BOOTSTRAP_SERVERS  the broker (default: the local one, 127.0.0.1:9092)
#   SENDER                   police-oslo | police-bergen | prosecution-oslo | court-oslo
#   KAFKA_SASL_PASSWORD      the sender's password (default: the one `devtools kafka up` made,
#                            $KAFKA_PRINCIPALS_DIR/<sender>.password)
#   KAFKA_SSL_CAFILE         the CA that signed the brokers' certificates (default: the local CA)
set -euo pipefail
cd "$(dirname "$0")/../.."

state="${KONFLIKTRAD_STATE_DIR:-.local}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
sender="${SENDER:-police-oslo}"
principals="${KAFKA_PRINCIPALS_DIR:-$state/kafka/principals}"
cafile="${KAFKA_SSL_CAFILE:-$state/tls/ca.pem}"
reference="${REFERENCE:-OSL-$(date +%Y)-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"

# Each sender's CloudEvents source. The topic proves who sent a referral; a ce_source that
# is not the topic's sender is dead-lettered as `sender_mismatch`.
case "$sender" in
  police-oslo) source="urn:no:politiet:oslo" unit="Oslo politidistrikt" ;;
  police-bergen) source="urn:no:politiet:vest" unit="Vest politidistrikt" ;;
  prosecution-oslo) source="urn:no:statsadvokatene:oslo" unit="Oslo statsadvokatembeter" ;;
  court-oslo) source="urn:no:domstol:oslo-tingrett" unit="Oslo tingrett" ;;
  *) echo "unknown sender: $sender" >&2; exit 2 ;;
esac

command -v kcat >/dev/null || { echo "kcat is missing: apt-get install kcat" >&2; exit 1; }
password="${KAFKA_SASL_PASSWORD:-}"
if [ -z "$password" ]; then
  [ -r "$principals/$sender.password" ] || {
    echo "no password for $sender in $principals: start the broker (devtools kafka up) first" >&2
    exit 1
  }
  password="$(cat "$principals/$sender.password")"
fi

# The example of docs/integrating-referrals.md: a youth follow-up of a 16-year-old, whose
# synthetic national id (Tenor style, month + 80) only a run that accepts synthetic ids takes.
payload="$(mktemp)"
trap 'rm -f "$payload"' EXIT
cat >"$payload" <<JSON
{
  "sender_reference": "$reference",
  "sender": "$unit",
  "reaction": "youth_follow_up",
  "decision_basis": "strpl_71a",
  "decided_by": "prosecution",
  "office": "konfliktradet-oslo",
  "offence_date": "2026-09-01",
  "decided_on": "2026-10-15",
  "execution_months": 12,
  "no_new_crimes_condition": true,
  "compensation_condition": true,
  "offender": {
    "national_id": "14831051222",
    "name": "Ola Syntetisk Nordmann",
    "municipality": "0301",
    "consents": true,
    "acknowledges_guilt": true,
    "guardians": [
      {"name": "Kari Syntetisk Nordmann", "email": "kari.nordmann@example.no", "consents": true}
    ]
  },
  "victims": [
    {"name": "Per Syntetisk Hansen", "birth_date": "1985-06-02", "consents": true}
  ]
}
JSON

# partitioner=murmur2_random: the Java and aiokafka clients' partitioner, so that every
# message about one case lands on the same partition whoever sends it (kcat's default,
# consistent_random, hashes keys with CRC32 and puts them elsewhere).
kcat -P -b "$bootstrap" -t "konfliktrad.referrals.v1.$sender" \
  -X security.protocol=sasl_ssl \
  -X sasl.mechanisms=SCRAM-SHA-512 \
  -X sasl.username="$sender" \
  -X sasl.password="$password" \
  -X ssl.ca.location="$cafile" \
  -X partitioner=murmur2_random \
  -X enable.idempotence=true \
  -k "$reference" \
  -H "ce_id=$(cat /proc/sys/kernel/random/uuid)" \
  -H "ce_type=no.konfliktraadet.referrals.case_transferred.v1" \
  -H "ce_source=$source" \
  -H "ce_specversion=1.0" \
  -H "ce_time=$(date --iso-8601=seconds)" \
  -H "ce_subject=$reference" \
  -H "content-type=application/json" \
  "$payload"

echo "$reference"
