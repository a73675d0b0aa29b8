#!/usr/bin/env bash
# Command of the compose broker (apache/kafka image), mounted read-only. It replaces the
# image's own start-up, whose TLS set-up wants password-protected JKS stores and which has
# no way to create SCRAM users when it formats storage.
#
#   1. server.properties: the committed one, plus the host port clients on the host are
#      told to use and the broker's own login (from its password secret, never committed).
#   2. On an empty volume, formats storage with every login's SCRAM credentials (salted on
#      the host by `devtools compose secrets`): the users exist from the broker's first
#      second, and no client is let in without one.
#   3. Runs Kafka.
set -euo pipefail

: "${CLUSTER_ID:?set CLUSTER_ID (22 characters, base64url of 16 bytes)}"
: "${KAFKA_HOST_PORT:?set KAFKA_HOST_PORT (the host port published for the HOST listener)}"

secrets=/run/secrets
runtime=/tmp/konfliktrad-kafka
data=/var/lib/kafka/data
# Written beside the data once formatted with this layout's users: a volume formatted
# otherwise (by the earlier plaintext suite, say) would start with nobody able to log in.
layout="sasl_ssl scram-sha-512 1"
umask 077
mkdir -p "$runtime"

broker_password=$(<"$secrets/broker.password")
broker_login="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$broker_password\";"
{
  cat /etc/konfliktrad/kafka/server.properties
  echo "advertised.listeners=CLIENT://kafka:9092,HOST://127.0.0.1:$KAFKA_HOST_PORT"
  echo "listener.name.client.scram-sha-512.sasl.jaas.config=$broker_login"
} >"$runtime/server.properties"

# For the healthcheck: the broker's own login over the same listener its clients use.
cat >"$runtime/client.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$broker_login
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.pem
EOF

scram=()
while IFS= read -r credential; do
  if [[ -n "$credential" ]]; then
    scram+=(--add-scram "$credential")
  fi
done <"$secrets/kafka-scram-credentials"
if ((${#scram[@]} == 0)); then
  echo "no SCRAM credentials in $secrets/kafka-scram-credentials" >&2
  exit 1
fi
if [[ -f "$data/meta.properties" && "$(cat "$data/konfliktrad-layout" 2>/dev/null)" != "$layout" ]]; then
  echo "kafka: $data was formatted without the SCRAM users of this layout; remove the" \
    "volume (docker compose -f deploy/compose.yaml down -v: its data is lost) and start again" >&2
  exit 1
fi
# --ignore-formatted: a volume formatted before keeps its users (and its data).
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted \
  --cluster-id "$CLUSTER_ID" --config "$runtime/server.properties" "${scram[@]}"
echo "$layout" >"$data/konfliktrad-layout"

exec /opt/kafka/bin/kafka-server-start.sh "$runtime/server.properties"
