{{/* The service's login, read by every container that reaches the database. */}}
{{- define "sample-app.databaseEnv" -}}
- name: SPRING_DATASOURCE_URL
  valueFrom:
    secretKeyRef: { name: {{ .Values.database.secretName | quote }}, key: url }
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef: { name: {{ .Values.database.secretName | quote }}, key: username }
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ .Values.database.secretName | quote }}, key: password }
{{- end }}

{{/*
The database proxy as a native sidecar: an init container with restartPolicy Always starts before the
containers after it, is probed until it accepts connections, and is stopped once the pod's main
containers have exited, so a Job whose main container exits still completes. Older Kubernetes ignores
restartPolicy on an init container and would wait for the proxy to exit forever, hence the version check.
*/}}
{{- define "sample-app.databaseProxy" -}}
{{- if .Values.databaseProxy.enabled }}
{{- if not (semverCompare ">=1.29.0-0" .Capabilities.KubeVersion.Version) }}
{{- fail (printf "databaseProxy runs as a native sidecar (an init container with restartPolicy: Always), which needs Kubernetes 1.29 or later; this is %s" .Capabilities.KubeVersion.Version) }}
{{- end }}
- name: {{ .Values.databaseProxy.name }}
  image: {{ .Values.databaseProxy.image | quote }}
  restartPolicy: Always
  args:
    {{- toYaml .Values.databaseProxy.args | nindent 4 }}
  startupProbe:
    {{- toYaml .Values.databaseProxy.startupProbe | nindent 4 }}
  securityContext:
    runAsNonRoot: true
  resources:
    {{- toYaml .Values.databaseProxy.resources | nindent 4 }}
{{- end }}
{{- end }}
