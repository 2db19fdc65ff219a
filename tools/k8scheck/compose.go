package main

import (
	"fmt"
	"os"
	"slices"
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
	for _, name := range sortedKeys(defined) {
		problems = append(problems, checkComposeSecrets(name, get(defined[name], "environment"))...)
	}
	return problems
}

// Compose's secrets: the required ones are interpolated with ${NAME:?…},
// so compose refuses to start until they are set; the optional ones pass
// the host's value through with an empty default. Neither may carry a
// value written in the file, and no service turns gRPC reflection on.
var (
	composeRequired = []string{"JWT_SIGNING_KEYS", "SECRETS_KEY", "FILES_LINK_SECRET"}
	composeOptional = []string{"ADMIN_PASSWORD", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}
)

func checkComposeSecrets(service string, environment any) []string {
	env, _ := environment.(map[string]any)
	var problems []string
	for _, k := range sortedKeys(env) {
		v := fmt.Sprint(env[k])
		switch {
		case slices.Contains(composeRequired, k) && !strings.HasPrefix(v, "${"+k+":?"):
			problems = append(problems, fmt.Sprintf("compose: %s: %s must be ${%s:?…} (required, no default)", service, k, k))
		case slices.Contains(composeOptional, k) && v != "${"+k+":-}" && !strings.HasPrefix(v, "${"+k+":?"):
			problems = append(problems, fmt.Sprintf("compose: %s: %s must be ${%s:-} or ${%s:?…} (no value in the file)", service, k, k, k))
		case k == "GRPC_REFLECTION":
			problems = append(problems, fmt.Sprintf("compose: %s: sets GRPC_REFLECTION (reflection stays off outside make run)", service))
		}
	}
	return problems
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
