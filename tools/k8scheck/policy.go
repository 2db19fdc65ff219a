package main

import (
	"fmt"
	"slices"
	"strings"
)

// checkObjects applies the policy to one overlay's objects:
//   - every service of services/ and the gateway has a Deployment;
//   - every container of a workload has readiness and liveness probes,
//     CPU and memory requests and limits, runs as non-root (pod or
//     container securityContext), cannot escalate privileges, has a
//     read-only root filesystem, and a pinned image (no :latest, no
//     untagged image);
//   - no Ingress routes /metrics (nor /healthz, /readyz) to the gateway;
//   - in prod, every Deployment is scaled by an HPA and carries no
//     replica count of its own;
//   - what the processes are given (settings.go): only the Secret keys
//     each reads, a file store for tickets, knowledge and the gateway,
//     TRUSTED_PROXIES for the gateway, no internal certificate on an
//     Ingress.
func checkObjects(overlay string, objs []object, services []string) []string {
	var problems []string
	deployments := map[string]bool{}
	scaled := map[string]bool{}
	for _, o := range objs {
		kind, name := str(o, "kind"), str(o, "metadata", "name")
		id := kind + "/" + name
		switch kind {
		case "Deployment", "StatefulSet", "DaemonSet":
			deployments[name] = kind == "Deployment"
			problems = append(problems, checkPod(id, get(o, "spec", "template", "spec"))...)
			if overlay == "prod" && get(o, "spec", "replicas") != nil {
				problems = append(problems, id+": sets spec.replicas although its HPA owns the count")
			}
		case "Job", "CronJob":
			problems = append(problems, id+": workloads other than Deployments are not expected")
		case "Ingress":
			problems = append(problems, checkIngress(id, o)...)
		case "HorizontalPodAutoscaler":
			if str(o, "spec", "scaleTargetRef", "kind") == "Deployment" {
				scaled[str(o, "spec", "scaleTargetRef", "name")] = true
			}
		}
	}
	problems = append(problems, checkSettings(objs)...)
	for _, s := range append(slices.Clone(services), "gateway") {
		if !deployments[s] {
			problems = append(problems, fmt.Sprintf("no Deployment for %s", s))
		}
		if overlay == "prod" && !scaled[s] {
			problems = append(problems, fmt.Sprintf("Deployment/%s: no HorizontalPodAutoscaler", s))
		}
	}
	return problems
}

func checkPod(id string, spec any) []string {
	var problems []string
	podNonRoot := get(spec, "securityContext", "runAsNonRoot") == true
	containers, _ := get(spec, "containers").([]any)
	if len(containers) == 0 {
		return []string{id + ": no containers"}
	}
	for _, c := range containers {
		cid := id + " container " + str(c, "name")
		need := func(ok bool, what string) {
			if !ok {
				problems = append(problems, cid+": "+what)
			}
		}
		need(get(c, "readinessProbe") != nil, "no readinessProbe")
		need(get(c, "livenessProbe") != nil, "no livenessProbe")
		for _, r := range []string{"cpu", "memory"} {
			need(get(c, "resources", "requests", r) != nil, "no "+r+" request")
			need(get(c, "resources", "limits", r) != nil, "no "+r+" limit")
		}
		nonRoot := get(c, "securityContext", "runAsNonRoot")
		need(nonRoot == true || (podNonRoot && nonRoot == nil), "may run as root (runAsNonRoot is not true)")
		need(get(c, "securityContext", "allowPrivilegeEscalation") == false, "allowPrivilegeEscalation is not false")
		need(get(c, "securityContext", "readOnlyRootFilesystem") == true, "root filesystem is not read-only")
		image := str(c, "image")
		tagged := strings.Contains(image[strings.LastIndex(image, "/")+1:], ":") || strings.Contains(image, "@sha256:")
		need(tagged && !strings.HasSuffix(image, ":latest"), fmt.Sprintf("image %q is not pinned to a tag or digest", image))
	}
	return problems
}

// checkIngress refuses a path that would route an operational endpoint:
// one equal to it, or a Prefix path it falls under ("/" included).
func checkIngress(id string, o object) []string {
	var problems []string
	if get(o, "spec", "defaultBackend") != nil {
		problems = append(problems, id+": a defaultBackend routes every path, /metrics included")
	}
	rules, _ := get(o, "spec", "rules").([]any)
	for _, r := range rules {
		paths, _ := get(r, "http", "paths").([]any)
		for _, p := range paths {
			path, typ := str(p, "path"), str(p, "pathType")
			for _, private := range []string{"/metrics", "/healthz", "/readyz"} {
				if routes(path, typ, private) {
					problems = append(problems, fmt.Sprintf("%s: path %q (%s) routes %s", id, path, typ, private))
				}
			}
		}
	}
	return problems
}

// routes reports whether an Ingress path of pathType matches target.
// ImplementationSpecific is treated as a prefix, as ingress-nginx does.
func routes(path, pathType, target string) bool {
	if pathType == "Exact" {
		return path == target
	}
	p := strings.TrimSuffix(path, "/")
	return p == "" || target == p || strings.HasPrefix(target, p+"/")
}

// get walks nested maps by keys; nil when a step is missing.
func get(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any, keys ...string) string {
	s, _ := get(v, keys...).(string)
	return s
}
