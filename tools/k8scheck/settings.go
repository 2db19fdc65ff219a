package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// secretKeys lists, per Deployment, the keys of a Secret its process may
// take in its environment: what it reads (services/<name>/config.go and the
// packages it wires: pkg/service's MONGO_URI, pkg/secretbox's SECRETS_KEY*,
// pkg/blobstore's FILES_LINK_SECRET and the S3 credentials). A Deployment
// not listed takes no Secret key; a process that needs a new secret gets
// it added here, so no pod quietly receives another's (e.g. the first
// superadmin's password or the key that seals integration secrets).
var secretKeys = map[string][]string{
	"auth":      {"MONGO_URI", "JWT_SIGNING_KEYS"},
	"users":     {"MONGO_URI", "ADMIN_EMAIL", "ADMIN_PASSWORD"},
	"agents":    {"MONGO_URI", "SECRETS_KEY", "SECRETS_KEY_ID", "SECRETS_OLD_KEYS"},
	"tickets":   {"MONGO_URI", "SECRETS_KEY", "SECRETS_KEY_ID", "SECRETS_OLD_KEYS", "FILES_LINK_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"},
	"campaigns": {"MONGO_URI"},
	"knowledge": {"MONGO_URI", "FILES_LINK_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"},
	"llm":       {"MONGO_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"},
	"gateway":   {"MONGO_URI", "FILES_LINK_SECRET"},
}

// fileStoreUsers open the file store at start (pkg/blobstore): each needs
// AWS_S3_BUCKET (S3) or FILES_LINK_SECRET (the disk store), or exits (the
// gateway: refuses to serve /files/ links without a secret).
var fileStoreUsers = []string{"tickets", "knowledge", "gateway"}

// s3Writers put and delete files, so with S3 they need an AWS identity.
var s3Writers = []string{"tickets", "knowledge"}

const irsaAnnotation = "eks.amazonaws.com/role-arn"

// envVar is one variable of a container's environment as the rendered
// objects give it: a literal (or a ConfigMap's) value, or a Secret's key.
type envVar struct {
	value  string
	secret string // "<secret>/<key>" when it comes from a Secret
}

// checkSettings applies the policy on what the processes are given:
//   - no container takes a whole Secret (envFrom secretRef), and each
//     Secret key a Deployment takes is one its process reads (secretKeys);
//   - tickets, knowledge and the gateway have a file store: AWS_S3_BUCKET,
//     or FILES_LINK_SECRET from a Secret; with S3, tickets and knowledge
//     run as a ServiceAccount with an IRSA role (or get AWS keys from a
//     Secret);
//   - the gateway has TRUSTED_PROXIES, since it sits behind the Ingress
//     (else every client is the ingress pod: one rate limit and one login
//     lockout for all);
//   - no Ingress serves TLS with the Secret of a Certificate from an
//     internal issuer (the gateway's mTLS client certificate is not a
//     public certificate, and its key must not reach the ingress).
func checkSettings(objs []object) []string {
	var problems []string
	configMaps := map[string]map[string]any{}
	accounts := map[string]object{}
	internalIssuers := map[string]bool{}
	for _, o := range objs {
		name := str(o, "metadata", "name")
		switch str(o, "kind") {
		case "ConfigMap":
			data, _ := get(o, "data").(map[string]any)
			configMaps[name] = data
		case "ServiceAccount":
			accounts[name] = o
		case "Issuer", "ClusterIssuer":
			if get(o, "spec", "ca") != nil || get(o, "spec", "selfSigned") != nil {
				internalIssuers[name] = true
			}
		}
	}
	internalSecrets := map[string]string{} // secret name → Certificate
	for _, o := range objs {
		if str(o, "kind") == "Certificate" && internalIssuers[str(o, "spec", "issuerRef", "name")] {
			internalSecrets[str(o, "spec", "secretName")] = str(o, "metadata", "name")
		}
	}
	for _, o := range objs {
		kind, name := str(o, "kind"), str(o, "metadata", "name")
		id := kind + "/" + name
		switch kind {
		case "Ingress":
			tls, _ := get(o, "spec", "tls").([]any)
			for _, t := range tls {
				if cert, ok := internalSecrets[str(t, "secretName")]; ok {
					problems = append(problems, fmt.Sprintf("%s: TLS secret %s is Certificate/%s's, from an internal issuer: give the public certificate its own Secret", id, str(t, "secretName"), cert))
				}
			}
			continue
		case "Deployment", "StatefulSet", "DaemonSet":
		default:
			continue
		}
		pod := get(o, "spec", "template", "spec")
		containers, _ := get(pod, "containers").([]any)
		for _, c := range containers {
			cid := id + " container " + str(c, "name")
			env, p := containerEnv(c, configMaps)
			for _, e := range p {
				problems = append(problems, cid+": "+e)
			}
			var keys []string
			for _, v := range env {
				if v.secret != "" {
					keys = append(keys, v.secret)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				_, key, _ := strings.Cut(k, "/")
				if !slices.Contains(secretKeys[name], key) {
					problems = append(problems, fmt.Sprintf("%s: takes Secret key %s, which %s does not read (tools/k8scheck/settings.go, secretKeys)", cid, k, name))
				}
			}
			if slices.Contains(fileStoreUsers, name) {
				bucket := env["AWS_S3_BUCKET"].value != ""
				if !bucket && env["FILES_LINK_SECRET"].secret == "" {
					problems = append(problems, cid+": no file store: set AWS_S3_BUCKET (S3), or FILES_LINK_SECRET from a Secret (the disk store)")
				}
				if bucket && slices.Contains(s3Writers, name) && env["AWS_ACCESS_KEY_ID"].secret == "" {
					sa := str(pod, "serviceAccountName")
					if str(accounts[sa], "metadata", "annotations", irsaAnnotation) == "" {
						problems = append(problems, fmt.Sprintf("%s: S3 (AWS_S3_BUCKET) without an AWS identity: run as a ServiceAccount with %s (service account %q)", cid, irsaAnnotation, sa))
					}
				}
			}
			if name == "gateway" && env["TRUSTED_PROXIES"].value == "" {
				problems = append(problems, cid+": no TRUSTED_PROXIES: behind the Ingress every client would be the ingress pod (one rate limit, one login lockout for all)")
			}
		}
	}
	return problems
}

// containerEnv resolves a container's environment: envFrom ConfigMaps
// first, then env (which wins, as in Kubernetes). A whole Secret
// (envFrom secretRef) is a problem, as is a ConfigMap not rendered.
func containerEnv(c any, configMaps map[string]map[string]any) (map[string]envVar, []string) {
	env := map[string]envVar{}
	var problems []string
	from, _ := get(c, "envFrom").([]any)
	for _, f := range from {
		if s := str(f, "secretRef", "name"); s != "" {
			problems = append(problems, fmt.Sprintf("takes the whole Secret %s (envFrom): take the keys it reads one by one (secretKeyRef)", s))
		}
		if cm := str(f, "configMapRef", "name"); cm != "" {
			data, ok := configMaps[cm]
			if !ok && get(f, "configMapRef", "optional") != true {
				problems = append(problems, "envFrom: no ConfigMap "+cm)
			}
			for k, v := range data {
				s, _ := v.(string)
				env[str(f, "prefix")+k] = envVar{value: s}
			}
		}
	}
	vars, _ := get(c, "env").([]any)
	for _, v := range vars {
		name := str(v, "name")
		switch {
		case get(v, "valueFrom", "secretKeyRef") != nil:
			env[name] = envVar{secret: str(v, "valueFrom", "secretKeyRef", "name") + "/" + str(v, "valueFrom", "secretKeyRef", "key")}
		case get(v, "valueFrom", "configMapKeyRef") != nil:
			s, _ := configMaps[str(v, "valueFrom", "configMapKeyRef", "name")][str(v, "valueFrom", "configMapKeyRef", "key")].(string)
			env[name] = envVar{value: s}
		default:
			env[name] = envVar{value: str(v, "value")}
		}
	}
	return env, problems
}
