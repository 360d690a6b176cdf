{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "exchange.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name: <release> when it already contains the chart name, else <release>-<chart>. */}}
{{- define "exchange.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects. Call with (dict "root" $ "svc" "<service>"). */}}
{{- define "exchange.serviceName" -}}
{{- printf "%s-%s" (include "exchange.fullname" .root) .svc | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "exchange.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels shared by every object of the release. */}}
{{- define "exchange.labels" -}}
helm.sh/chart: {{ include "exchange.chart" . }}
app.kubernetes.io/name: {{ include "exchange.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: exchange
{{- end -}}

{{/* Selector labels of the release's pods (all services). */}}
{{- define "exchange.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "exchange.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one service's pods. Call with (dict "root" $ "svc" "<service>"). */}}
{{- define "exchange.selectorLabels" -}}
{{ include "exchange.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{/* All labels of one service's objects. Call with (dict "root" $ "svc" "<service>"). */}}
{{- define "exchange.serviceLabels" -}}
{{ include "exchange.labels" .root }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{- define "exchange.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "exchange.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "exchange.connectionsSecretName" -}}
{{- if .Values.connections.create -}}
{{- printf "%s-connections" (include "exchange.fullname" .) -}}
{{- else -}}
{{- .Values.connections.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Image of one service. Call with (dict "root" $ "svc" "<service>" "values" <service values>). */}}
{{- define "exchange.image" -}}
{{- $image := .root.Values.image -}}
{{- $override := default dict .values.image -}}
{{- $repository := default (printf "%s%s" $image.repositoryPrefix .svc) $override.repository -}}
{{- $tag := default (default .root.Chart.AppVersion $image.tag) $override.tag -}}
{{- if $image.registry -}}
{{- printf "%s/%s:%s" $image.registry $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
Refuses values that would deploy something unsafe, with a message that says what to change.
The schema (values.schema.json) checks types and shapes; these checks need arithmetic.
*/}}
{{- define "exchange.validate" -}}
{{- if and .Values.production .Values.connections.create -}}
{{- fail "connections.create renders connection URLs from plain values and is refused when production is true: create the Secret outside Helm (External Secrets, kubectl) and set connections.existingSecret" -}}
{{- end -}}
{{- if and (not .Values.connections.create) (not .Values.connections.existingSecret) -}}
{{- fail "connections.existingSecret is empty: name the Secret that holds the connection URLs, or (development only) set production=false and connections.create=true" -}}
{{- end -}}
{{- $shutdownSeconds := div (add .Values.config.shutdownTimeoutMs 999) 1000 -}}
{{- $needed := add $shutdownSeconds .Values.preStopSleepSeconds -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $needed) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed config.shutdownTimeoutMs in seconds plus preStopSleepSeconds (%d), or Kubernetes kills the pods mid-drain" (int .Values.terminationGracePeriodSeconds) (int $needed)) -}}
{{- end -}}
{{- range $svc, $values := .Values.services -}}
{{- if and $values.shards (ne $svc "matching") -}}
{{- fail (printf "services.%s.shards: only matching is sharded" $svc) -}}
{{- end -}}
{{- $seenShards := dict -}}
{{- $seenMarkets := dict -}}
{{- range $values.shards -}}
{{- if hasKey $seenShards .name -}}
{{- fail (printf "services.matching.shards: shard %q is listed twice" .name) -}}
{{- end -}}
{{- $_ := set $seenShards .name true -}}
{{- $shard := .name -}}
{{- range .markets -}}
{{- if hasKey $seenMarkets . -}}
{{- fail (printf "services.matching.shards: market %s is in shards %q and %q; each market has one shard (one writer)" . (get $seenMarkets .) $shard) -}}
{{- end -}}
{{- $_ := set $seenMarkets . $shard -}}
{{- end -}}
{{- end -}}
{{- if and $values.enabled $values.pdb $values.pdb.enabled (hasKey $values.pdb "minAvailable") (not (kindIs "string" $values.pdb.minAvailable)) -}}
{{- $autoscaling := $values.autoscaling | default dict -}}
{{- $fewest := ternary ($autoscaling.minReplicas | default 1) ($values.replicas | default 1) (and $autoscaling.enabled true) | int -}}
{{- if ge (int $values.pdb.minAvailable) $fewest -}}
{{- fail (printf "services.%s.pdb.minAvailable (%d) must be below its replicas (%d): a PodDisruptionBudget that lets no pod go makes every node drain and cluster upgrade wait forever" $svc (int $values.pdb.minAvailable) $fewest) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $svc "matching") $values.enabled -}}
{{- $env := $values.env | default dict -}}
{{- if and (hasKey $env "MATCHING_LEADER_ELECTION") (eq (toString (get $env "MATCHING_LEADER_ELECTION")) "false") (gt (int ($values.replicas | default 1)) 1) -}}
{{- fail (printf "services.matching.env.MATCHING_LEADER_ELECTION is false with replicas %d: every pod of a shard would write its markets, and fencing would stop all but one (unready pods); keep it true (leader + warm standby) or set replicas to 1" (int $values.replicas)) -}}
{{- end -}}
{{- end -}}
{{- if and $values.enabled $values.guaranteedQoS -}}
{{- $requests := $values.resources.requests | default dict -}}
{{- $limits := $values.resources.limits | default dict -}}
{{- if or (not $requests.cpu) (not $requests.memory) (ne (toString $requests.cpu) (toString $limits.cpu)) (ne (toString $requests.memory) (toString $limits.memory)) -}}
{{- fail (printf "services.%s.guaranteedQoS needs resources.requests equal to resources.limits for cpu and memory (Guaranteed QoS)" $svc) -}}
{{- end -}}
{{- if not (regexMatch "^[1-9][0-9]*$" (toString $requests.cpu)) -}}
{{- fail (printf "services.%s.guaranteedQoS needs whole CPUs (e.g. \"2\"), not %v: the static CPU manager pins only integer requests" $svc $requests.cpu) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The Deployments of one service, as YAML `units: [...]` (read with fromYaml). Every service has one unit
with an empty shard; matching with services.matching.shards has one unit per shard: name suffix,
extra selector label, MATCHING_SHARD and MATCHING_MARKETS. Call with (dict "root" $ "svc" "<service>" "values" <values>).
*/}}
{{- define "exchange.units" -}}
units:
{{- if .values.shards }}
{{- range .values.shards }}
  - shard: {{ .name | quote }}
    markets: {{ join "," .markets | quote }}
{{- end }}
{{- else }}
  - shard: ""
{{- end }}
{{- end -}}

{{/* Selector labels of one Deployment (unit). Call with (dict "root" $ "svc" "<service>" "shard" "<shard or empty>"). */}}
{{- define "exchange.unitSelectorLabels" -}}
{{ include "exchange.selectorLabels" . }}
{{- if .shard }}
exchange.dev/shard: {{ .shard }}
{{- end }}
{{- end -}}

{{/* Name of one Deployment (unit): the service's name, plus -<shard> for a matching shard. */}}
{{- define "exchange.unitName" -}}
{{- if .shard -}}
{{- printf "%s-%s" (include "exchange.serviceName" .) .shard | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "exchange.serviceName" . -}}
{{- end -}}
{{- end -}}

{{/* DATABASE_MIGRATIONS_RUN of the Deployments: false while the migration hook Job migrates. */}}
{{- define "exchange.migrationsRun" -}}
{{- if .Values.migrations.hook.enabled -}}
false
{{- else -}}
{{- .Values.config.databaseMigrationsRun -}}
{{- end -}}
{{- end -}}

{{/* The pod volume of extraCaCerts (nothing when no ConfigMap is named). */}}
{{- define "exchange.extraCaVolume" -}}
{{- with .Values.extraCaCerts.configMap }}
- name: extra-ca
  configMap:
    name: {{ . }}
    items:
      - key: {{ $.Values.extraCaCerts.key }}
        path: {{ $.Values.extraCaCerts.key }}
{{- end }}
{{- end -}}

{{/* The container's mount of extraCaCerts. */}}
{{- define "exchange.extraCaMount" -}}
{{- if .Values.extraCaCerts.configMap }}
- name: extra-ca
  mountPath: /etc/exchange/extra-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* NODE_EXTRA_CA_CERTS pointing at the mounted bundle. */}}
{{- define "exchange.extraCaEnv" -}}
{{- if .Values.extraCaCerts.configMap }}
- name: NODE_EXTRA_CA_CERTS
  value: {{ printf "/etc/exchange/extra-ca/%s" .Values.extraCaCerts.key | quote }}
{{- end }}
{{- end -}}

{{/* The Secret's env entry. Call with (dict "root" $ "name" "<ENV>" "key" "<key>"). */}}
{{- define "exchange.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "exchange.connectionsSecretName" .root }}
      key: {{ .key }}
{{- end -}}
