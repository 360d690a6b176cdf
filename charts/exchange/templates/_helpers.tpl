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
