package main

import (
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// checkCompose checks docker-compose.yml covers every service: one built
// from deploy/Dockerfile with TARGET services/<name> (gateway: TARGET
// gateway), read-only, with a healthcheck — grpc_health_probe for the gRPC
// services. `docker-compose config -q` checks the file's syntax (make
// k8s-check runs it); this checks its content.
func checkCompose(file string, services []string) []string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return []string{err.Error()}
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return []string{fmt.Sprintf("%s: %v", file, err)}
	}
	defined, _ := doc["services"].(map[string]any)
	var problems []string
	check := func(name, target string, grpc bool) {
		s, ok := defined[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("compose: no service %s", name))
			return
		}
		bad := func(what string) { problems = append(problems, fmt.Sprintf("compose: %s: %s", name, what)) }
		if str(s, "build", "dockerfile") != "deploy/Dockerfile" || str(s, "build", "args", "TARGET") != target {
			bad("not built from deploy/Dockerfile with TARGET " + target)
		}
		if get(s, "read_only") != true {
			bad("root filesystem is not read-only")
		}
		test, _ := get(s, "healthcheck", "test").([]any)
		cmd := fmt.Sprint(test...)
		switch {
		case len(test) == 0:
			bad("no healthcheck")
		case grpc && !strings.Contains(cmd, "grpc_health_probe"):
			bad("healthcheck does not use grpc_health_probe")
		}
	}
	for _, s := range services {
		check(s, "services/"+s, true)
	}
	check("gateway", "gateway", false)
	return problems
}
