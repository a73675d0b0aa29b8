{{/* The code's own table: processes, principals, consumer groups, topics (devtools chart). */}}
{{- define "konfliktrad.bus" -}}
{{- .Files.Get "generated/bus.yaml" -}}
{{- end -}}

{{- define "konfliktrad.labels" -}}
app.kubernetes.io/name: konfliktrad
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "konfliktrad.selector" -}}
app.kubernetes.io/name: konfliktrad
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "konfliktrad.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "konfliktrad.image" -}}
{{- $registry := required "image.registry is required" .root.Values.image.registry -}}
{{- printf "%s/%s:%s" $registry .image (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "konfliktrad.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Settings every process with a database has, in its own prefix; the values by reference. */}}
{{- define "konfliktrad.databaseEnv" -}}
- name: KONFLIKTRAD_STATE_DIR
  value: /tmp/konfliktrad
- name: {{ .bus.envPrefix }}DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ .values.secret }}, key: database-url}
{{- end -}}

{{- define "konfliktrad.processEnv" -}}
{{- $p := .bus -}}{{- $v := .values -}}{{- $root := .root -}}{{- $prefix := $p.envPrefix -}}
{{ include "konfliktrad.databaseEnv" . }}
- name: {{ $prefix }}HTTP_HOST
  value: 0.0.0.0
- name: {{ $prefix }}HTTP_PORT
  value: {{ $p.httpPort | quote }}
# The migration Job ran before this version started; replicas never race to migrate.
- name: {{ $prefix }}APPLY_MIGRATIONS_ON_START
  value: "false"
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers | quote }}
- name: {{ $prefix }}KAFKA_SASL_USERNAME
  value: {{ $p.kafkaPrincipal }}
- name: {{ $prefix }}KAFKA_SASL_PASSWORD_FILE
  value: /etc/konfliktrad/kafka/password
- name: {{ $prefix }}KAFKA_SSL_CAFILE
  value: /etc/konfliktrad/kafka-ca/ca.crt
{{- if $v.api }}
- name: {{ $prefix }}AUTH_ISSUER
  value: {{ $root.Values.auth.issuer | quote }}
- name: {{ $prefix }}AUTH_AUDIENCE
  value: {{ $root.Values.auth.audience | quote }}
- name: {{ $prefix }}AUTH_JWKS_FILE
  value: /etc/konfliktrad/jwks/jwks.json
{{- end }}
{{- if $v.fieldKeys }}
- name: {{ $prefix }}FIELD_KEYS
  valueFrom:
    secretKeyRef: {name: {{ $v.secret }}, key: field-keys}
- name: {{ $prefix }}BLIND_INDEX_KEY
  valueFrom:
    secretKeyRef: {name: {{ $v.secret }}, key: blind-index-key}
{{- end }}
{{- if $p.contactKeys }}
- name: KONFLIKTRAD_CONTACT_KEYS
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.contactKeysSecret }}, key: contact-keys}
{{- end }}
- name: {{ $prefix }}METRICS_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ required "metricsTokenSecret is required" $root.Values.metricsTokenSecret }}, key: token}
{{- with $root.Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- if $p.agencyAdapter }}
- name: {{ $prefix }}AGENCY_ENDPOINT
  value: {{ required (printf "processes.%s.agency.endpoint is required" .name) $v.agency.endpoint | quote }}
- name: {{ $prefix }}AGENCY_CLIENT_CERT
  value: /etc/konfliktrad/agency/tls.crt
- name: {{ $prefix }}AGENCY_CLIENT_KEY
  value: /etc/konfliktrad/agency/tls.key
- name: {{ $prefix }}AGENCY_CA_FILE
  value: /etc/konfliktrad/agency/ca.crt
- name: {{ $prefix }}AGENCY_SIGNING_KEY_FILE
  value: /etc/konfliktrad/agency/signing-key.pem
{{- with $v.agency.signingKeyId }}
- name: {{ $prefix }}AGENCY_SIGNING_KEY_ID
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $p.sendsMail }}
- name: {{ $prefix }}SMTP_HOST
  value: {{ required "processes.notification.smtp.host is required" $v.smtp.host | quote }}
- name: {{ $prefix }}SMTP_PORT
  value: {{ $v.smtp.port | quote }}
- name: {{ $prefix }}SMTP_SECURITY
  value: {{ $v.smtp.security | quote }}
- name: {{ $prefix }}MAIL_FROM
  value: {{ $v.mailFrom | quote }}
{{- with $v.smtp.secret }}
- name: {{ $prefix }}SMTP_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: username, optional: true}
- name: {{ $prefix }}SMTP_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: password, optional: true}
{{- end }}
{{- if $v.smtp.caSecret }}
- name: {{ $prefix }}SMTP_CA_FILE
  value: /etc/konfliktrad/smtp/ca.crt
{{- end }}
{{- range $setting, $key := dict "SMS_ENDPOINT" "smsEndpoint" "DIGITAL_MAILBOX_ENDPOINT" "digitalMailboxEndpoint" "DIGITAL_MAILBOX_RECEIPT_URL" "digitalMailboxReceiptUrl" "CONTACT_REGISTER_ENDPOINT" "contactRegisterEndpoint" }}
{{- with index $v $key }}
- name: {{ $prefix }}{{ $setting }}
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $value := $v.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
