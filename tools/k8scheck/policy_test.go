package main

import (
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const goodDeployment = `
kind: Deployment
metadata: { name: users }
spec:
  template:
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: users
          image: registry.example.com/copydesk/users:1.0.0
          readinessProbe: { grpc: { port: 9002 } }
          livenessProbe: { grpc: { port: 9002 } }
          resources: { requests: { cpu: 10m, memory: 8Mi }, limits: { cpu: "1", memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
`

func objs(t *testing.T, docs ...string) []object {
	t.Helper()
	var out []object
	for _, d := range docs {
		var o object
		if err := yaml.Unmarshal([]byte(d), &o); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

func TestPolicyAcceptsACompliantDeployment(t *testing.T) {
	if p := checkObjects("dev", objs(t, goodDeployment), []string{"users"}); len(p) != 1 || p[0] != "no Deployment for gateway" {
		t.Fatalf("problems = %q, want only the missing gateway", p)
	}
}

func TestPolicyNamesEachMissingSafeguard(t *testing.T) {
	for _, c := range []struct{ cut, want string }{
		{"          readinessProbe: { grpc: { port: 9002 } }\n", "no readinessProbe"},
		{"          livenessProbe: { grpc: { port: 9002 } }\n", "no livenessProbe"},
		{", limits: { cpu: \"1\", memory: 64Mi }", "no cpu limit"},
		{"      securityContext: { runAsNonRoot: true }\n", "may run as root"},
		{", readOnlyRootFilesystem: true", "root filesystem is not read-only"},
		{"allowPrivilegeEscalation: false, ", "allowPrivilegeEscalation is not false"},
		{":1.0.0", "is not pinned"},
	} {
		doc := strings.Replace(goodDeployment, c.cut, "", 1)
		if doc == goodDeployment {
			t.Fatalf("test case %q cuts nothing", c.cut)
		}
		p := checkObjects("dev", objs(t, doc), []string{"users"})
		if !slices.ContainsFunc(p, func(s string) bool { return strings.Contains(s, c.want) }) {
			t.Errorf("without %q: problems %q, want one with %q", c.cut, p, c.want)
		}
	}
	latest := strings.Replace(goodDeployment, ":1.0.0", ":latest", 1)
	if p := checkObjects("dev", objs(t, latest), []string{"users"}); !slices.ContainsFunc(p, func(s string) bool { return strings.Contains(s, "not pinned") }) {
		t.Errorf(":latest accepted: %q", p)
	}
}

func TestPolicyProdNeedsAnHPAAndNoReplicaCount(t *testing.T) {
	withReplicas := strings.Replace(goodDeployment, "spec:\n  template:", "spec:\n  replicas: 3\n  template:", 1)
	p := checkObjects("prod", objs(t, withReplicas), []string{"users"})
	for _, want := range []string{"Deployment/users: sets spec.replicas", "Deployment/users: no HorizontalPodAutoscaler"} {
		if !slices.ContainsFunc(p, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("problems %q, want %q", p, want)
		}
	}
	hpa := "kind: HorizontalPodAutoscaler\nmetadata: { name: users }\nspec: { scaleTargetRef: { kind: Deployment, name: users } }"
	p = checkObjects("prod", objs(t, goodDeployment, hpa), []string{"users"})
	if slices.ContainsFunc(p, func(s string) bool { return strings.Contains(s, "users") }) {
		t.Errorf("scaled users still flagged: %q", p)
	}
}

func TestIngressMustNotRouteMetrics(t *testing.T) {
	ing := func(path, typ string) string {
		return "kind: Ingress\nmetadata: { name: gateway }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: " + path + ", pathType: " + typ + " }\n"
	}
	for _, c := range []struct {
		path, typ string
		bad       bool
	}{
		{"/", "Prefix", true}, {"/metrics", "Exact", true}, {"/metrics/", "Prefix", true},
		{"/", "ImplementationSpecific", true}, {"/api", "Prefix", false}, {"/met", "Prefix", false},
		{"/openapi.json", "Exact", false},
	} {
		p := checkIngress("Ingress/gateway", objs(t, ing(c.path, c.typ))[0])
		if (len(p) > 0) != c.bad {
			t.Errorf("path %s (%s): problems %q, want bad=%v", c.path, c.typ, p, c.bad)
		}
	}
}
